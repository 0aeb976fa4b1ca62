import type { AgentId } from '../../protocol/ids.js';
import type { Rng } from '../../protocol/random.js';
import type { ChaosFaultName, ChaosStep } from '../../protocol/supervision-content.js';
import type { SupervisionPort } from '../supervision-port.js';
import type { UntrustedIngress } from './untrusted-ingress.js';

/** How hard faults hit. Every fault reads only the settings it needs. */
export interface ChaosSettings {
  /** Share of a target's messages a message fault touches (drop, delay, duplicate, reorder, corrupt). */
  readonly probability: number;
  /** Range a delayed message is held for (ms). */
  readonly delayMs: readonly [min: number, max: number];
  /** How long a reordered message is held so that later ones overtake it (ms). */
  readonly reorderHoldMs: number;
  /** How far in the future a skewed clock stamps messages (ms). */
  readonly skewMs: number;
  /** ms between two deliveries to a starved agent. */
  readonly starveIntervalMs: number;
  /** Identities a Sybil attack brings. */
  readonly sybils: number;
  /** ms between two bursts of each Sybil identity's flood. */
  readonly sybilEveryMs: number;
  /** Payloads injected by each malformed, oversized or deep-nesting fault. */
  readonly payloads: number;
}

export const DEFAULT_CHAOS_SETTINGS: ChaosSettings = {
  probability: 0.3,
  delayMs: [20, 200],
  reorderHoldMs: 40,
  skewMs: 60_000,
  starveIntervalMs: 250,
  sybils: 6,
  sybilEveryMs: 50,
  payloads: 3,
};

/** What a fault is applied with. */
export interface FaultContext {
  readonly port: SupervisionPort;
  readonly step: ChaosStep;
  /** The step's own generator: same seed, same choices. */
  readonly rng: Rng;
  readonly settings: ChaosSettings;
  /** A trust boundary to push raw payloads through. */
  readonly ingress: UntrustedIngress;
  /** The words every dead letter the fault causes starts with (`chaos#3 drop`), so it can be attributed. */
  readonly tag: string;
  /** Counts messages or agents the fault touched. */
  touched(count?: number): void;
}

/** A fault while it is active: what it did so far, and how to undo it. */
export interface ActiveFault {
  /** Agents the fault brought in (Byzantine, Sybil identities); removed on revert. */
  readonly agents: readonly AgentId[];
  /** Raw payloads it pushed that the trust boundary refused. */
  refused(): number;
  revert(): void;
}

/**
 * One kind of fault the chaos monkey injects, applied through the runtime or as a bus operator.
 *
 * @example
 * const active = drop.apply(context); // … later
 * active.revert();
 */
export interface ChaosFault {
  readonly name: ChaosFaultName;
  readonly summary: string;
  /** Which existing agents a step of this fault targets by default (before the blast radius caps it). */
  readonly defaultTargets: number;
  apply(context: FaultContext): ActiveFault;
}

/**
 * An active fault that only needs undoing.
 *
 * @example
 * return activeFault(context.port.intercept(dropSome));
 */
export function activeFault(revert: () => void, agents: readonly AgentId[] = []): ActiveFault {
  return { agents, refused: () => 0, revert };
}
