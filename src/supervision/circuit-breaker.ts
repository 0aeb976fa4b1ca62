import { PASS } from '../bus/interceptor.js';
import type { AgentId } from '../protocol/ids.js';
import type { CircuitReportContent } from '../protocol/supervision-content.js';
import type { SupervisionPort } from './supervision-port.js';

export interface CircuitOptions {
  /**
   * How long a circuit stays open before it closes by itself (ms); each new trip of the same agent doubles
   * it, up to `maxCooldownMs`. `0` keeps circuits open until closed by hand. Default 5000.
   */
  readonly cooldownMs?: number;
  /** Default 60,000. */
  readonly maxCooldownMs?: number;
}

/** Why a circuit was opened. */
export type CircuitCause = CircuitReportContent['cause'];

/** An open circuit: whose, why, since when, and when it closes by itself. */
export interface OpenCircuit {
  readonly agent: AgentId;
  readonly cause: CircuitCause;
  readonly detail: string;
  readonly openedAt: number;
  readonly closesAt: number | undefined;
  /** How many times this agent's circuit has been opened. */
  readonly trips: number;
}

/**
 * The agents' circuit breakers. Opening one quarantines the agent: its inbox dead-letters everything as
 * `circuit-open` (through the runtime's hook, so a restart does not silently close it) and whatever it still
 * sends is dead-lettered too. A circuit closes after its cooldown, which doubles with every trip, or by
 * hand.
 *
 * @example
 * const breakers = new CircuitBreakers(port, { cooldownMs: 2000 });
 * breakers.open(['a', 'b'], 'livelock', 'a → b → a repeated 32 times');
 */
export class CircuitBreakers {
  private readonly open = new Map<AgentId, OpenCircuit & { timer: unknown }>();
  private readonly trips = new Map<AgentId, number>();
  private readonly cooldownMs: number;
  private readonly maxCooldownMs: number;
  private removeInterceptor: (() => void) | undefined;
  /** Every circuit opened, oldest first, with its evidence. */
  readonly reports: CircuitReportContent[] = [];

  constructor(
    private readonly port: SupervisionPort,
    options: CircuitOptions = {},
    private readonly onChange: (agent: AgentId, open: boolean) => void = () => {},
  ) {
    this.cooldownMs = options.cooldownMs ?? 5000;
    this.maxCooldownMs = options.maxCooldownMs ?? 60_000;
  }

  /** Opens the circuits of `agents` (those not open already); returns the report. */
  trip(agents: readonly AgentId[], cause: CircuitCause, detail: string): CircuitReportContent {
    const at = this.port.clock.now();
    const report: CircuitReportContent = { kind: 'circuit-report', cause, agents: [...agents], detail, at };
    this.reports.push(report);
    for (const agent of agents) this.openOne(agent, cause, detail, at);
    return report;
  }

  /** Closes an agent's circuit now. */
  close(agent: AgentId, reason: string): void {
    const circuit = this.open.get(agent);
    if (circuit === undefined) return;
    if (circuit.timer !== undefined) this.port.clock.clearTimeout(circuit.timer);
    this.open.delete(agent);
    if (this.port.agent(agent) !== undefined) this.port.closeCircuit(agent, reason);
    if (this.open.size === 0) this.removeOutboundBlock();
    this.onChange(agent, false);
  }

  isOpen(agent: AgentId): boolean {
    return this.open.has(agent);
  }

  /** The open circuits, in the order they opened. */
  list(): OpenCircuit[] {
    return [...this.open.values()].map(({ timer: _timer, ...circuit }) => circuit);
  }

  /** Closes every circuit and cancels their timers. */
  dispose(): void {
    for (const agent of [...this.open.keys()]) this.close(agent, 'supervision stopped');
  }

  private openOne(agent: AgentId, cause: CircuitCause, detail: string, at: number): void {
    if (this.open.has(agent) || this.port.agent(agent) === undefined) return;
    const trips = (this.trips.get(agent) ?? 0) + 1;
    this.trips.set(agent, trips);
    const cooldown =
      this.cooldownMs <= 0 ? 0 : Math.min(this.maxCooldownMs, this.cooldownMs * 2 ** (trips - 1));
    const timer =
      cooldown === 0
        ? undefined
        : this.port.clock.setTimeout(
            () => this.close(agent, `cooldown of ${cooldown} ms over (trip ${trips})`),
            cooldown,
          );
    this.open.set(agent, {
      agent,
      cause,
      detail,
      openedAt: at,
      closesAt: cooldown === 0 ? undefined : at + cooldown,
      trips,
      timer,
    });
    this.port.openCircuit(agent, `${cause}: ${detail}`);
    this.blockOutbound();
    this.onChange(agent, true);
  }

  /** What an agent with an open circuit still sends (from its timers) is dead-lettered too. */
  private blockOutbound(): void {
    if (this.removeInterceptor !== undefined) return;
    this.removeInterceptor = this.port.intercept((envelope) => {
      const circuit = this.open.get(envelope.sender);
      if (circuit === undefined) return PASS;
      return {
        drop: `the circuit of its sender '${envelope.sender}' is open (${circuit.cause})`,
        reason: 'circuit-open',
      };
    });
  }

  private removeOutboundBlock(): void {
    this.removeInterceptor?.();
    this.removeInterceptor = undefined;
  }
}
