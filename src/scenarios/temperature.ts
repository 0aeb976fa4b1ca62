import {
  type ConsensusRoundConfig,
  consensusRound,
  consensusVoter,
  conservationHolds,
  createSystem,
  type DecisionContent,
  LIFECYCLE_TOPIC,
  reputationLedger,
  type Standing,
  TRUST_TOPIC,
  type TrustChange,
  VirtualClock,
} from '../index.js';
import { defineScenario } from './scenario.js';
import { num, queryTrust, table } from './trust-support.js';

/** Simulated time between two rounds: the sensors report once a minute. */
const ROUND_INTERVAL = 60_000;

/** One sensor's standing before and after the rounds. */
export interface SensorStanding {
  readonly agent: string;
  /** The sensor's reading; non-finite readings as text, since JSON has no Infinity. */
  readonly value: number | string;
  readonly before: Standing;
  readonly after: Standing;
  readonly scoreBefore: number;
  readonly scoreAfter: number;
}

/** What `polis run temperature` reports. */
export interface TemperatureReport {
  readonly rule: 'median' | 'trimmed-mean';
  readonly range: { readonly min: number; readonly max: number };
  readonly values: ReadonlyArray<number | string>;
  /** The robust decision of the last round, or null if it could not decide. */
  readonly decision: number | null;
  readonly confidence: number;
  readonly dissenters: readonly string[];
  readonly invalid: readonly string[];
  readonly abstainers: readonly string[];
  /** The naive mean of every reading, for contrast. */
  readonly naiveMean: {
    readonly value: number | null;
    readonly text: string;
    readonly usable: boolean;
    readonly why: string;
  };
  readonly rounds: ReadonlyArray<{
    readonly round: string;
    readonly decision: number | null;
    readonly dissenters: readonly string[];
  }>;
  readonly standings: readonly SensorStanding[];
  readonly trustChanges: number;
  readonly conserved: boolean;
}

const asJson = (v: number): number | string => (Number.isFinite(v) ? v : String(v));

function naiveMean(values: readonly number[]): TemperatureReport['naiveMean'] {
  const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
  if (!Number.isFinite(mean)) {
    return { value: null, text: String(mean), usable: false, why: 'a non-finite reading poisons the sum' };
  }
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted[sorted.length >> 1]!;
  const usable = Math.abs(mean - middle) <= 5;
  return {
    value: mean,
    text: mean.toFixed(2),
    usable,
    why: usable
      ? 'close to the middle reading'
      : `dragged ${Math.abs(mean - middle).toFixed(1)}° away from the middle reading by outliers`,
  };
}

/**
 * `polis run temperature`: five sensors propose a server-room temperature (18, 22, 20, −273.15, Infinity).
 * A consensus round with a robust rule decides ≈ 20; the out-of-range and non-finite readings are invalid
 * votes, never averaged in; their senders are dissenters and lose standing with the reputation ledger.
 */
export const temperature = defineScenario({
  name: 'temperature',
  summary: 'sensors agree on a temperature by a robust vote; outliers are dissenters and lose standing',
  flags: [
    {
      name: 'values',
      kind: 'list',
      description: "the sensors' readings (°C); Infinity and NaN are allowed",
      default: ['18', '22', '20', '-273.15', 'Infinity'],
    },
    {
      name: 'rule',
      kind: 'string',
      description: 'robust rule',
      default: 'median',
      choices: ['median', 'trimmed-mean'],
    },
    { name: 'min', kind: 'number', description: 'lowest plausible reading', default: -50 },
    { name: 'max', kind: 'number', description: 'highest plausible reading', default: 60 },
    { name: 'rounds', kind: 'integer', description: 'rounds, one a minute', default: 1, min: 1, max: 1_000 },
  ] as const,
  async run(options, context): Promise<TemperatureReport> {
    const values = options.values.map(Number);
    const rule = options.rule === 'trimmed-mean' ? 'trimmed-mean' : 'median';
    const system = createSystem({ clock: new VirtualClock(), seed: context.seed, ...context.systemOptions });
    context.attach(system);
    const observer = system.endpoint('facilities');
    system.subscribe('facilities', TRUST_TOPIC);
    const changes: TrustChange[] = [];
    const decisions: DecisionContent[] = [];
    observer.inbox$.subscribe((envelope) => {
      if (envelope.content.kind === 'trust-change') changes.push(envelope.content as TrustChange);
      if (envelope.content.kind === 'decision') decisions.push(envelope.content as DecisionContent);
    });
    system.spawn(reputationLedger, {
      id: 'ledger',
      topics: [LIFECYCLE_TOPIC],
      input: { policy: { authorities: ['round-*'] } },
    });
    const sensors = values.map((_, i) => `sensor-${i + 1}`);
    values.forEach((value, i) => {
      system.spawn(consensusVoter, { id: sensors[i]!, input: { value } });
    });
    await context.drive(system);
    const before = await queryTrust(system, context, observer, 'ledger');
    for (let r = 1; r <= options.rounds; r++) {
      const round: ConsensusRoundConfig = {
        question: 'what is the server-room temperature (°C)?',
        voters: sensors,
        rule: { rule, min: options.min, max: options.max },
        deadline: 1_000,
        ledger: 'ledger',
        reportTo: ['facilities'],
      };
      system.spawn(consensusRound, { id: `round-${r}`, input: round });
      await context.drive(system, { until: system.clock.now() + ROUND_INTERVAL });
      context.progress(r, options.rounds);
    }
    const after = await queryTrust(system, context, observer, 'ledger');
    const last = decisions[decisions.length - 1];
    const stats = await system.stop();
    const view = (list: typeof before, agent: string) => list.find((v) => v.subject === agent);
    return {
      rule,
      range: { min: options.min, max: options.max },
      values: values.map(asJson),
      decision: typeof last?.value === 'number' ? last.value : null,
      confidence: last?.confidence ?? 0,
      dissenters: last?.dissenters ?? [],
      invalid: last?.invalid ?? [],
      abstainers: last?.abstainers ?? [],
      naiveMean: naiveMean(values),
      rounds: decisions.map((d) => ({
        round: d.roundId,
        decision: typeof d.value === 'number' ? d.value : null,
        dissenters: d.dissenters,
      })),
      standings: sensors.map((agent, i) => ({
        agent,
        value: asJson(values[i]!),
        before: view(before, agent)?.standing ?? 'unknown',
        after: view(after, agent)?.standing ?? 'unknown',
        scoreBefore: view(before, agent)?.score ?? 0.5,
        scoreAfter: view(after, agent)?.score ?? 0.5,
      })),
      trustChanges: changes.length,
      conserved: conservationHolds(stats),
    };
  },
  format(report) {
    const rows = report.standings.map((s) => [
      s.agent,
      String(s.value),
      report.dissenters.includes(s.agent)
        ? report.invalid.includes(s.agent)
          ? 'invalid'
          : 'dissent'
        : 'agrees',
      `${s.before} ${num(s.scoreBefore)}`,
      `${s.after} ${num(s.scoreAfter)}`,
    ]);
    return [
      `temperature: ${report.rule} of the readings valid in [${report.range.min}, ${report.range.max}] °C`,
      `  decision     ${num(report.decision)} °C (confidence ${num(report.confidence)})`,
      `  dissenters   ${report.dissenters.join(', ') || 'none'}`,
      `  naive mean   ${report.naiveMean.text} — ${report.naiveMean.usable ? 'usable' : 'unusable'}: ${report.naiveMean.why}`,
      '',
      table([['sensor', 'reading', 'vote', 'standing before', 'standing after'], ...rows]),
      '',
      `  ${report.rounds.length} round(s), ${report.trustChanges} standing change(s); conservation ${report.conserved ? 'holds' : 'BROKEN'}`,
    ].join('\n');
  },
  passed: (report) => report.decision !== null && report.conserved,
});
