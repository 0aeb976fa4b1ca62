import {
  consensusRound,
  consensusVoter,
  createRng,
  createSystem,
  type DecisionContent,
  faultyVoter,
  reputationLedger,
  type TrustView,
  VirtualClock,
  type VoterFault,
} from '../index.js';
import { defineScenario, type ScenarioContext } from './scenario.js';
import { queryTrust } from './trust-support.js';

const CHOICES = ['red', 'green', 'blue'] as const;
const FAULTS: readonly VoterFault[] = ['lie', 'equivocate', 'silent', 'garbage'];
const DOES: Readonly<Record<VoterFault, string>> = {
  lie: 'lies',
  equivocate: 'equivocates',
  silent: 'stays silent',
  garbage: 'sends garbage',
};
/** The Byzantine faults tolerated. */
const F = 1;

/** One trial: n voters, one of them faulty, every honest voter running its own round over all n. */
export interface Trial {
  readonly seed: number;
  readonly voters: number;
  readonly fault: VoterFault;
  readonly liar: string;
  readonly truth: string;
  /** How each honest voter's round ended. */
  readonly outcomes: ReadonlyArray<{
    readonly round: string;
    readonly status: string;
    readonly value?: string;
  }>;
  readonly decided: boolean;
  readonly refused: boolean;
  /** An honest round decided something other than the truth, or two honest rounds disagreed. */
  readonly safetyViolation: boolean;
  /** The refusal reason, when the rounds refused. */
  readonly reason?: string;
  readonly liarStanding?: TrustView;
}

/** What `polis run byzantine` reports. */
export interface ByzantineReport {
  readonly runs: number;
  readonly f: number;
  /** Trials with n = 3f + 1 = 4 voters in which every honest round decided. */
  readonly decided: number;
  /** Trials with n = 3 voters in which every round refused. */
  readonly refused: number;
  readonly safetyViolations: number;
  /** Trials (n = 4) after which the ledger holds negative evidence against the liar. */
  readonly liarsPenalized: number;
  readonly faults: Readonly<Record<VoterFault, number>>;
  readonly refusalReason: string | undefined;
  /** The first run's two trials, in full. */
  readonly example: readonly Trial[];
}

async function trial(n: number, seed: number, fault: VoterFault, context: ScenarioContext): Promise<Trial> {
  const rng = createRng(seed).fork(`trial-${n}`);
  const truth = rng.pick(CHOICES);
  const voters = Array.from({ length: n }, (_, i) => `voter-${i + 1}`);
  const liar = rng.pick(voters);
  const honest = voters.filter((v) => v !== liar);
  const system = createSystem({ clock: new VirtualClock(), seed, ...context.systemOptions });
  context.attach(system);
  const observer = system.endpoint('observer');
  const decisions: DecisionContent[] = [];
  observer.inbox$.subscribe((e) => {
    if (e.content.kind === 'decision') decisions.push(e.content as DecisionContent);
  });
  system.spawn(reputationLedger, {
    id: 'ledger',
    input: { topic: null, policy: { authorities: ['round-*'] } },
  });
  for (const id of honest) system.spawn(consensusVoter, { id, input: { value: truth } });
  system.spawn(faultyVoter, { id: liar, input: { truth, fault, choices: CHOICES } });
  for (const id of honest) {
    system.spawn(consensusRound, {
      id: `round-${id}`,
      input: {
        question: 'which colour did the sensor show?',
        voters,
        rule: { rule: 'byzantine', f: F },
        options: CHOICES,
        deadline: 500,
        reveal: true,
        ledger: 'ledger',
        reportTo: [id, 'observer'],
      },
    });
  }
  // Long enough for every round (ballots, a retry, reveals), short of the ledger's cooling-off period.
  await context.drive(system, { until: 10_000 });
  const liarStanding = (await queryTrust(system, context, observer, 'ledger', liar))[0];
  await system.stop();
  const values = new Set(decisions.filter((d) => d.status === 'decided').map((d) => String(d.value)));
  const decided = decisions.length === honest.length && decisions.every((d) => d.status === 'decided');
  const refused = decisions.length === honest.length && decisions.every((d) => d.status === 'refused');
  return {
    seed,
    voters: n,
    fault,
    liar,
    truth,
    outcomes: decisions.map((d) => ({
      round: d.roundId,
      status: d.status,
      ...(d.value === undefined ? {} : { value: String(d.value) }),
    })),
    decided,
    refused,
    safetyViolation: values.size > 1 || (values.size === 1 && !values.has(truth)),
    ...(refused ? { reason: decisions[0]?.reason } : {}),
    ...(liarStanding === undefined ? {} : { liarStanding }),
  };
}

/**
 * `polis run byzantine`: with n = 3f + 1 = 4 voters and one liar (lying, equivocating, silent or sending
 * garbage), every honest voter's round decides the truth; with n = 3 the rounds refuse, saying why.
 * Repeated over `--runs` seeds; safety violations must be 0.
 */
export const byzantine = defineScenario({
  name: 'byzantine',
  summary: 'Byzantine quorum: 4 voters with a liar decide correctly; 3 refuse; repeated over many seeds',
  flags: [
    { name: 'runs', kind: 'integer', description: 'seeds to repeat over', default: 20, min: 1, max: 100_000 },
    {
      name: 'fault',
      kind: 'string',
      description: 'how the liar misbehaves (mixed: drawn per run)',
      default: 'mixed',
      choices: ['mixed', ...FAULTS],
    },
  ] as const,
  async run(options, context): Promise<ByzantineReport> {
    const pick = createRng(context.seed).fork('faults');
    const faults: Record<VoterFault, number> = { lie: 0, equivocate: 0, silent: 0, garbage: 0 };
    let decided = 0;
    let refused = 0;
    let safetyViolations = 0;
    let liarsPenalized = 0;
    let refusalReason: string | undefined;
    const example: Trial[] = [];
    for (let run = 0; run < options.runs; run++) {
      const seed = (context.seed + run) >>> 0;
      const fault = options.fault === 'mixed' ? pick.pick(FAULTS) : (options.fault as VoterFault);
      faults[fault]++;
      const four = await trial(3 * F + 1, seed, fault, context);
      const three = await trial(3, seed, fault, context);
      if (four.decided) decided++;
      if (three.refused) refused++;
      refusalReason ??= three.reason;
      safetyViolations += (four.safetyViolation ? 1 : 0) + (three.safetyViolation ? 1 : 0);
      if (four.liarStanding !== undefined && four.liarStanding.negative > 0) liarsPenalized++;
      if (run === 0) example.push(four, three);
      context.progress(run + 1, options.runs);
    }
    return {
      runs: options.runs,
      f: F,
      decided,
      refused,
      safetyViolations,
      liarsPenalized,
      faults,
      refusalReason,
      example,
    };
  },
  format(report) {
    const faults = Object.entries(report.faults)
      .filter(([, n]) => n > 0)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ');
    const first = report.example[0];
    return [
      `byzantine: f = ${report.f} liar, ${report.runs} run(s) (faults: ${faults})`,
      `  n = ${3 * report.f + 1}: decided correctly in ${report.decided} of ${report.runs} runs`,
      `  n = 3: refused in ${report.refused} of ${report.runs} runs — ${report.refusalReason ?? ''}`,
      `  safety violations: ${report.safetyViolations}`,
      `  liars penalized by the ledger: ${report.liarsPenalized} (silent liars cast no vote to penalize)`,
      first === undefined
        ? ''
        : `  e.g. seed ${first.seed}: truth ${first.truth}, ${first.liar} ${DOES[first.fault]}; ${first.outcomes
            .map((o) => `${o.round} ${o.status}${o.value === undefined ? '' : ` ${o.value}`}`)
            .join(', ')}`,
    ].join('\n');
  },
  passed: (report) =>
    report.safetyViolations === 0 && report.decided === report.runs && report.refused === report.runs,
});
