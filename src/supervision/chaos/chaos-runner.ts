import { type Actor, createActor } from 'xstate';
import { chaosPolicy } from '../../../machines/chaos-policy.js';
import type { AgentId } from '../../protocol/ids.js';
import { createRng } from '../../protocol/random.js';
import type { ChaosCommand, ChaosFaultName, ChaosStep } from '../../protocol/supervision-content.js';
import type { SupervisionPort } from '../supervision-port.js';
import { chaosFaults } from './catalog.js';
import { type ActiveFault, type ChaosFault, type ChaosSettings, DEFAULT_CHAOS_SETTINGS } from './fault.js';
import { UntrustedIngress } from './untrusted-ingress.js';

/** One fault as it happened: when, against whom, what it touched, and when it was undone. */
export interface ChaosLogEntry {
  readonly index: number;
  readonly fault: ChaosFaultName;
  readonly targets: readonly AgentId[];
  readonly injectedAt: number;
  readonly revertedAt: number | undefined;
  /** Messages or agents it touched. */
  readonly touched: number;
  /** Payloads the trust boundary refused (malformed, oversized, deep nesting). */
  readonly refused: number;
  /** Agents it brought in (Byzantine, Sybil). */
  readonly agents: readonly AgentId[];
  /** Why it could not be applied, if it could not. */
  readonly error: string | undefined;
}

export interface ChaosRunnerOptions {
  readonly settings?: Partial<ChaosSettings>;
  /** Replacements for faults of the catalog, by name. */
  readonly faults?: Partial<Record<ChaosFaultName, ChaosFault>>;
  readonly ingress?: UntrustedIngress;
}

interface Running {
  entry: { -readonly [K in keyof ChaosLogEntry]: ChaosLogEntry[K] };
  active: ActiveFault | undefined;
}

/**
 * Runs a chaos schedule on a system: hosts the chaos-policy machine on the system's clock and applies the
 * faults it calls for through the {@link SupervisionPort}, keeping a log. Off until enabled; switching off
 * reverts every active fault. A fault that cannot be applied (its target is gone) is logged, never thrown.
 *
 * @example
 * const chaos = new ChaosRunner(port, chaosSchedule({ seed: 7, faults: ['kill'], candidates }));
 * chaos.enable();
 * system.run();
 * chaos.log; // [{ fault: 'kill', targets: ['worker-2'], injectedAt: 173, ... }]
 */
export class ChaosRunner {
  private readonly actor: Actor<typeof chaosPolicy>;
  private readonly running = new Map<number, Running>();
  private readonly ordered: ChaosLogEntry[] = [];
  private readonly settings: ChaosSettings;
  private readonly faults: Readonly<Record<ChaosFaultName, ChaosFault>>;
  /** The trust boundary hostile payloads are pushed through. */
  readonly ingress: UntrustedIngress;

  constructor(
    private readonly port: SupervisionPort,
    readonly steps: readonly ChaosStep[],
    options: ChaosRunnerOptions = {},
    private readonly onChange: () => void = () => {},
  ) {
    this.settings = { ...DEFAULT_CHAOS_SETTINGS, ...options.settings };
    this.faults = { ...chaosFaults, ...options.faults };
    this.ingress = options.ingress ?? new UntrustedIngress(port);
    this.actor = createActor(chaosPolicy, { input: { steps }, clock: port.clock });
    this.actor.on('chaos.command', ({ command }) => this.execute(command));
    this.actor.subscribe({ error: () => {} });
    this.actor.start();
  }

  /** Switches chaos on: faults are injected on schedule from now. */
  enable(): void {
    this.actor.send({ type: 'chaos.enable' });
  }

  /** Switches chaos off and reverts every active fault. */
  disable(reason = 'chaos switched off'): void {
    this.actor.send({ type: 'chaos.disable', reason });
  }

  get enabled(): boolean {
    return !this.actor.getSnapshot().matches('off');
  }

  /** The policy machine's state: `off`, `on` or `exhausted`. */
  get state(): string {
    const value = this.actor.getSnapshot().value;
    return typeof value === 'string' ? value : Object.keys(value)[0]!;
  }

  /** Every fault injected so far, in injection order (copies). */
  get log(): ChaosLogEntry[] {
    return this.entries.map((entry) => ({ ...entry }));
  }

  /** The live log entries, updated in place as faults are reverted: for observers on the hot path. */
  get entries(): readonly ChaosLogEntry[] {
    return this.ordered;
  }

  /** Faults active now. */
  active(): ChaosLogEntry[] {
    return this.log.filter((entry) => entry.revertedAt === undefined);
  }

  /** Reverts everything and stops the policy. */
  stop(): void {
    this.disable('chaos runner stopped');
    this.actor.stop();
  }

  private execute(command: ChaosCommand): void {
    switch (command.kind) {
      case 'inject':
        this.inject(command.step);
        break;
      case 'revert':
        this.revert(command.step.index);
        break;
      case 'revert-all':
        for (const index of this.running.keys()) this.revert(index);
        break;
    }
    this.onChange();
  }

  private inject(step: ChaosStep): void {
    const entry: Running['entry'] = {
      index: step.index,
      fault: step.fault,
      targets: step.targets,
      injectedAt: this.port.clock.now(),
      revertedAt: undefined,
      touched: 0,
      refused: 0,
      agents: [],
      error: undefined,
    };
    const running: Running = { entry, active: undefined };
    this.running.set(step.index, running);
    this.ordered.push(entry);
    try {
      running.active = this.faults[step.fault].apply({
        port: this.port,
        step,
        rng: createRng(step.seed),
        settings: this.settings,
        ingress: this.ingress,
        tag: `chaos#${step.index} ${step.fault}`,
        touched: (count = 1) => {
          entry.touched += count;
        },
      });
      entry.agents = running.active.agents;
      entry.refused = running.active.refused();
    } catch (error) {
      entry.error = error instanceof Error ? error.message : String(error);
      entry.revertedAt = entry.injectedAt;
    }
  }

  private revert(index: number): void {
    const running = this.running.get(index);
    if (running === undefined || running.entry.revertedAt !== undefined) return;
    running.entry.refused = running.active?.refused() ?? running.entry.refused;
    running.entry.revertedAt = this.port.clock.now();
    try {
      running.active?.revert();
    } catch (error) {
      running.entry.error = error instanceof Error ? error.message : String(error);
    }
  }
}
