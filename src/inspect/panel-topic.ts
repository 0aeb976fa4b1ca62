import type { PanelName } from './frames.js';

/**
 * The topic on which parts of a system (the supervisor, reputation, consensus) publish their state for the
 * inspector, without depending on it. Publish only while someone listens:
 * `if (system.bus.hasSubscribers(INSPECT_PANEL_TOPIC)) …`.
 */
export const INSPECT_PANEL_TOPIC = 'polis.inspector.panels';

/** The content of an `inform` on {@link INSPECT_PANEL_TOPIC}: one panel's whole current state. */
export interface PanelContent {
  readonly kind: 'inspector-panel';
  readonly panel: PanelName;
  /** Which supervisor, reputation store or consensus group; default `main`. */
  readonly id?: string;
  readonly data: unknown;
}

/** True when `content` is a {@link PanelContent}. */
export function isPanelContent(content: unknown): content is PanelContent {
  const c = content as Partial<PanelContent> | undefined;
  return (
    typeof c === 'object' &&
    c !== null &&
    c.kind === 'inspector-panel' &&
    (c.panel === 'supervisor' || c.panel === 'reputation' || c.panel === 'consensus')
  );
}
