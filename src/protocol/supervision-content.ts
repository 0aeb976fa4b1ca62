import { Schema } from 'effect';
import { FiniteNumber, kind, NonNegative, Text } from './content.js';

/**
 * The vocabulary of supervision, shared by the supervisor machine (which decides) and the adapter that
 * carries its decisions out on a system: restart strategies, the commands a supervisor emits, the events it
 * receives, tripwires, chaos faults, and the operator's commands (a trust boundary: they arrive from a UI).
 */

/**
 * Which children a supervisor restarts when one fails (Erlang/OTP's names):
 * `one-for-one` only the failed one; `one-for-all` all of them; `rest-for-one` the failed one and every
 * child declared after it.
 */
export const SupervisionStrategy = Schema.Literal('one-for-one', 'one-for-all', 'rest-for-one');
export type SupervisionStrategy = Schema.Schema.Type<typeof SupervisionStrategy>;

/** Whether a restarted agent starts fresh or from the last snapshot stored for it. */
export const RestartFrom = Schema.Literal('fresh', 'snapshot');
export type RestartFrom = Schema.Schema.Type<typeof RestartFrom>;

/**
 * When a child is restarted (Erlang/OTP's names): `permanent` whenever it ends, `transient` only when it
 * fails, `temporary` never.
 */
export const ChildRestart = Schema.Literal('permanent', 'transient', 'temporary');
export type ChildRestart = Schema.Schema.Type<typeof ChildRestart>;

/** At most `maxRestarts` restarts within `withinMs`; one more and the supervisor gives up and escalates. */
export const RestartIntensity = Schema.Struct({ maxRestarts: NonNegative, withinMs: NonNegative });
export type RestartIntensity = Schema.Schema.Type<typeof RestartIntensity>;

/**
 * The wait before restart number n (1-based, counted within the intensity window):
 * `min(maxMs, initialMs · factor^(n−1))`, then shortened by a random share of up to `jitter` (0–1) so that
 * many supervisors do not restart in step.
 */
export const Backoff = Schema.Struct({
  initialMs: NonNegative,
  factor: FiniteNumber.pipe(Schema.greaterThanOrEqualTo(1)),
  maxMs: NonNegative,
  jitter: FiniteNumber.pipe(Schema.between(0, 1)),
});
export type Backoff = Schema.Schema.Type<typeof Backoff>;

/** One supervised child as its supervisor sees it: an agent, or a supervisor below it. */
export interface ChildSpec {
  readonly id: string;
  readonly type: 'agent' | 'supervisor';
  readonly restart: ChildRestart;
  /** Agents only: restart fresh or from the last stored snapshot. */
  readonly from: RestartFrom;
}

/** What one supervisor machine is started with. Children are in start order. */
export interface SupervisorSettings {
  readonly id: string;
  readonly strategy: SupervisionStrategy;
  readonly intensity: RestartIntensity;
  readonly backoff: Backoff;
  readonly children: readonly ChildSpec[];
  /** The supervisor above this one; at the top, giving up means an emergency shutdown. */
  readonly parent?: string;
  /** Seeds the jitter. */
  readonly seed: number;
}

/** Why a child ended: it failed (threw), stopped (ended or was stopped from outside), or, for a child supervisor, gave up. */
export type ExitCause = 'failed' | 'stopped' | 'escalated';

/** Everything a supervisor machine reacts to. Times come with the events: a machine has no clock. */
export type SupervisorEvent =
  | {
      readonly type: 'child.exited';
      readonly child: string;
      readonly cause: ExitCause;
      readonly detail: string;
      readonly at: number;
    }
  | { readonly type: 'restart.done'; readonly at: number }
  | { readonly type: 'restart.failed'; readonly child: string; readonly detail: string; readonly at: number }
  | { readonly type: 'supervisor.reset'; readonly at: number }
  | { readonly type: 'supervisor.stop'; readonly reason: string }
  | { readonly type: 'system.halted'; readonly tripwire: string; readonly at: number }
  | { readonly type: 'system.resumed'; readonly reason: string; readonly at: number };

/** A restart of some children: stop `stop` in that order (newest first), then start `start` in order. */
export interface RestartCommand {
  readonly kind: 'restart';
  readonly supervisor: string;
  readonly strategy: SupervisionStrategy;
  /** The children that failed and caused it. */
  readonly failed: readonly string[];
  readonly stop: readonly string[];
  readonly start: readonly ChildSpec[];
  /** 1-based count of restarts within the intensity window, this one included. */
  readonly attempt: number;
  readonly delayMs: number;
  readonly reason: string;
}

/** What a supervisor machine asks its adapter to do. Every command carries its reason in words. */
export type SupervisorCommand =
  | RestartCommand
  | {
      readonly kind: 'backoff';
      readonly supervisor: string;
      readonly children: readonly string[];
      readonly attempt: number;
      readonly delayMs: number;
      readonly reason: string;
    }
  | { readonly kind: 'ignore'; readonly supervisor: string; readonly child: string; readonly reason: string }
  | {
      readonly kind: 'give-up';
      readonly supervisor: string;
      /** Children to stop, newest first. */
      readonly stop: readonly string[];
      /** The parent to escalate to; absent at the top, where giving up is an emergency shutdown. */
      readonly parent?: string;
      readonly restarts: number;
      readonly withinMs: number;
      readonly reason: string;
    };

/** The event a supervisor machine emits for each command. */
export const SUPERVISOR_COMMAND = 'supervisor.command' as const;
export type SupervisorCommandEvent = {
  readonly type: typeof SUPERVISOR_COMMAND;
  readonly command: SupervisorCommand;
};

/** The kinds of tripwire an emergency-shutdown policy is built from. */
export const TripwireKind = Schema.Literal(
  'budget',
  'coalition',
  'message-rate',
  'restart-intensity',
  'dead-mans-switch',
  'kill-switch',
);
export type TripwireKind = Schema.Schema.Type<typeof TripwireKind>;

/** Every fault the chaos monkey can inject. */
export const CHAOS_FAULTS = [
  'kill',
  'throw',
  'drop',
  'delay',
  'duplicate',
  'reorder',
  'corrupt',
  'partition',
  'byzantine',
  'sybil',
  'starve',
  'clock-skew',
  'malformed',
  'oversized',
  'deep-nesting',
] as const;
export const ChaosFaultName = Schema.Literal(...CHAOS_FAULTS);
export type ChaosFaultName = (typeof CHAOS_FAULTS)[number];

/** The faults that inject hostile payloads at the trust boundary: they reach no agent when decoding works. */
export const PAYLOAD_FAULTS: ReadonlySet<ChaosFaultName> = new Set([
  'malformed',
  'oversized',
  'deep-nesting',
]);

/** One scheduled fault: which, when (ms after chaos is switched on), for how long, against whom. */
export interface ChaosStep {
  readonly index: number;
  readonly fault: ChaosFaultName;
  readonly at: number;
  readonly durationMs: number;
  readonly targets: readonly string[];
  /** A seed for the fault's own random choices (which messages, which bytes). */
  readonly seed: number;
}

/** What the chaos-policy machine receives. */
export type ChaosEvent =
  | { readonly type: 'chaos.enable' }
  | { readonly type: 'chaos.disable'; readonly reason: string }
  | { readonly type: 'chaos.expire'; readonly index: number };

/** What the chaos-policy machine asks its adapter to do. */
export type ChaosCommand =
  | { readonly kind: 'inject'; readonly step: ChaosStep }
  | { readonly kind: 'revert'; readonly step: ChaosStep }
  | { readonly kind: 'revert-all'; readonly reason: string };

export const CHAOS_COMMAND = 'chaos.command' as const;
export type ChaosCommandEvent = { readonly type: typeof CHAOS_COMMAND; readonly command: ChaosCommand };

/**
 * A command from the operator (a console, the inspector). `halt` is the kill switch; `resume` is the only
 * way out of a halt and needs a reason; `heartbeat` feeds the dead man's switch; `chaos` switches the
 * chaos policy on or off.
 */
export const OperatorCommandContent = Schema.Struct({
  kind: kind('operator-command'),
  command: Schema.Literal('halt', 'resume', 'heartbeat', 'chaos'),
  /** Required for `halt` and `resume`: it goes into the record. */
  reason: Schema.optionalWith(Text, { exact: true }),
  /** For `chaos`: on or off. */
  enabled: Schema.optionalWith(Schema.Boolean, { exact: true }),
});
export type OperatorCommandContent = Schema.Schema.Type<typeof OperatorCommandContent>;

/** A metric as a tripwire saw it: its value against the threshold that makes the tripwire fire. */
export const Measurement = Schema.Struct({
  metric: Text,
  value: FiniteNumber,
  threshold: FiniteNumber,
  /** The agent or agents it is about, when it is about some. */
  subjects: Schema.optional(Schema.Array(Schema.String)),
});
export type Measurement = Schema.Schema.Type<typeof Measurement>;

/** The record of an emergency shutdown: which tripwire fired, on what numbers, and what was stopped. */
export const HaltReportContent = Schema.Struct({
  kind: kind('halt-report'),
  tripwire: Text,
  tripwireKind: TripwireKind,
  reason: Text,
  at: NonNegative,
  measurement: Measurement,
  agentsStopped: NonNegative,
  snapshotsTaken: NonNegative,
  /** Messages dead-lettered as `halted` when the bus was sealed. */
  deadLetteredOnHalt: NonNegative,
});
export type HaltReportContent = Schema.Schema.Type<typeof HaltReportContent>;

/** A circuit breaker opened by the livelock and budget guard, with the evidence. */
export const CircuitReportContent = Schema.Struct({
  kind: kind('circuit-report'),
  cause: Schema.Literal('livelock', 'message-budget', 'step-budget', 'operator'),
  agents: Schema.Array(Schema.String),
  detail: Text,
  at: NonNegative,
});
export type CircuitReportContent = Schema.Schema.Type<typeof CircuitReportContent>;

export const supervisionContents = [OperatorCommandContent, HaltReportContent, CircuitReportContent] as const;
