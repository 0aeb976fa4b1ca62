import type { ChartNode } from './chart-definition.js';
import type { TakenTransition } from './wire.js';

/*
 * Pure functions over a chart and XState state values, shared by the server and the page.
 */

/**
 * The ids of every state node active in `value` (XState's state value), the root included.
 *
 * @example
 * activeStateIds(chart, { busy: 'thinking' }) // Set { 'worker', 'worker.busy', 'worker.busy.thinking' }
 */
export function activeStateIds(chart: ChartNode, value: unknown): Set<string> {
  const active = new Set<string>([chart.id]);
  mark(chart, value, active);
  return active;
}

function mark(node: ChartNode, value: unknown, active: Set<string>): void {
  if (typeof value === 'string') {
    const child = node.children.find((c) => c.key === value);
    if (child !== undefined) active.add(child.id);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  for (const [key, sub] of Object.entries(value)) {
    const child = node.children.find((c) => c.key === key);
    if (child === undefined) continue;
    active.add(child.id);
    mark(child, sub, active);
  }
}

/** The deepest active states: what a person calls "the current state". */
export function activeLeafIds(chart: ChartNode, value: unknown): string[] {
  const active = activeStateIds(chart, value);
  const leaves: string[] = [];
  const visit = (node: ChartNode) => {
    const activeChildren = node.children.filter((c) => active.has(c.id));
    if (activeChildren.length === 0) leaves.push(node.id);
    for (const child of activeChildren) visit(child);
  };
  visit(chart);
  return leaves;
}

/**
 * The transitions that best explain a move from `before` to `after` on `event`, for producers that do not
 * report the transitions they took (plain `@statelyai/inspect` apps).
 *
 * @example
 * inferTransitions(chart, 'idle', 'busy', 'go') // [{ source: 'worker.idle', targets: ['worker.busy'], event: 'go' }]
 */
export function inferTransitions(
  chart: ChartNode,
  before: unknown,
  after: unknown,
  event: string,
): TakenTransition[] {
  const was = activeStateIds(chart, before);
  const now = activeStateIds(chart, after);
  const taken: TakenTransition[] = [];
  const visit = (node: ChartNode) => {
    if (was.has(node.id)) {
      for (const t of node.transitions) {
        if (t.event === event && t.targets.length > 0 && t.targets.every((target) => now.has(target))) {
          taken.push({ source: node.id, targets: t.targets, event });
          break;
        }
      }
    }
    for (const child of node.children) visit(child);
  };
  visit(chart);
  return taken;
}

/** Every node of a chart, depth first. */
export function chartNodes(chart: ChartNode): ChartNode[] {
  const out: ChartNode[] = [];
  const visit = (node: ChartNode) => {
    out.push(node);
    for (const child of node.children) visit(child);
  };
  visit(chart);
  return out;
}
