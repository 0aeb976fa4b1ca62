import type { AgentSystem, RunReport, Supervision, SystemOptions } from '../index.js';

/** A command-line flag a scenario takes, beyond the common `--seed`, `--json` and `--inspect`. */
export type FlagSpec =
  | {
      readonly name: string;
      readonly kind: 'integer';
      readonly description: string;
      readonly default: number;
      readonly min?: number;
      readonly max?: number;
    }
  | {
      readonly name: string;
      readonly kind: 'number';
      readonly description: string;
      readonly default: number;
      readonly min?: number;
      readonly max?: number;
    }
  | {
      readonly name: string;
      readonly kind: 'string';
      readonly description: string;
      readonly default: string;
      readonly choices?: readonly string[];
    }
  | {
      readonly name: string;
      readonly kind: 'list';
      readonly description: string;
      readonly default: readonly string[];
      readonly choices?: readonly string[];
    }
  | {
      readonly name: string;
      readonly kind: 'boolean';
      readonly description: string;
      readonly default: boolean;
    };

type ValueOf<F extends FlagSpec> = F extends { kind: 'integer' | 'number' }
  ? number
  : F extends { kind: 'list' }
    ? readonly string[]
    : F extends { kind: 'boolean' }
      ? boolean
      : string;

/** The parsed values of a scenario's flags, keyed by flag name. */
export type FlagValues<Flags extends readonly FlagSpec[]> = {
  readonly [F in Flags[number] as F['name']]: ValueOf<F>;
};

/** What the caller (the CLI, a test) gives a running scenario. */
export interface ScenarioContext {
  readonly seed: number;
  /** Reports progress; the CLI draws a bar on a terminal for runs longer than a second. */
  progress(done: number, total: number): void;
  /** Options to merge into every `createSystem` call, e.g. the inspector's `inspect` sink. */
  readonly systemOptions: Partial<SystemOptions>;
  /** Runs a system on its virtual clock; the inspector paces this so that a person can watch. */
  drive(system: AgentSystem, options?: { readonly until?: number }): Promise<RunReport>;
  /** Lets the caller see a system the scenario created (the inspector attaches here). */
  attach(system: AgentSystem): void;
  /**
   * Lets the caller see a supervision the scenario started: the inspector shows its panels and puts the
   * Emergency stop, Resume and chaos switch behind its controls. Optional; call it as
   * `context.attachSupervision?.(supervision)`.
   */
  attachSupervision?(supervision: Supervision): void;
}

/** A runnable scenario: a small program on the public API that doubles as a test. */
export interface Scenario<Flags extends readonly FlagSpec[] = readonly FlagSpec[], Report = unknown> {
  readonly name: string;
  readonly summary: string;
  readonly flags: Flags;
  run(options: FlagValues<Flags>, context: ScenarioContext): Promise<Report>;
  /** The human report. */
  format(report: Report): string;
  /** False when the report shows the scenario's own check failed; the CLI then exits 1. */
  passed?(report: Report): boolean;
}

/**
 * Declares a scenario with its flags' types inferred.
 *
 * @example
 * export const hello = defineScenario({ name: 'hello', summary: '…', flags: [] as const, run: async () => ({}), format: () => 'hi' });
 */
export function defineScenario<const Flags extends readonly FlagSpec[], Report>(
  scenario: Scenario<Flags, Report>,
): Scenario<Flags, Report> {
  return scenario;
}

/** A context for running a scenario from code and tests: no progress, no inspector, plain `run()`. */
export function plainContext(seed: number): ScenarioContext {
  return {
    seed,
    progress: () => {},
    systemOptions: {},
    drive: async (system, options = {}) => system.run(options),
    attach: () => {},
  };
}

/** Defaults of a scenario's flags, overridden by `given`. */
export function flagDefaults<Flags extends readonly FlagSpec[]>(
  flags: Flags,
  given: Partial<FlagValues<Flags>> = {},
): FlagValues<Flags> {
  const values: Record<string, unknown> = {};
  for (const flag of flags) values[flag.name] = flag.default;
  return { ...values, ...given } as FlagValues<Flags>;
}

/**
 * Runs a scenario from code with its defaults and a plain context.
 *
 * @example
 * const report = await runScenario(market, { tasks: 20 }, 7);
 */
export function runScenario<Flags extends readonly FlagSpec[], Report>(
  scenario: Scenario<Flags, Report>,
  given: Partial<FlagValues<Flags>> = {},
  seed = 1,
): Promise<Report> {
  return scenario.run(flagDefaults(scenario.flags, given), plainContext(seed));
}
