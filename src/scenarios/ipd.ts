import {
  createSystem,
  IPD_STRATEGIES,
  IPD_STRATEGY_NAMES,
  type IpdStrategyName,
  ipdReferee,
  reputationLedger,
  roundRobin,
  type Standing,
  type TournamentResultContent,
  VirtualClock,
} from '../index.js';
import { defineScenario } from './scenario.js';
import { num, queryTrust, table } from './trust-support.js';

/** What `polis run ipd` reports. */
export interface IpdReport {
  /** Total score per strategy over every match it played. */
  readonly scores: Readonly<Record<string, number>>;
  /** Strategies by total score, best first (ties by name). */
  readonly ranking: readonly string[];
  /** Average score per turn, per strategy. */
  readonly perTurn: Readonly<Record<string, number>>;
  /** Each strategy agent's standing with the ledger at the end. */
  readonly reputation: Readonly<Record<string, { readonly standing: Standing; readonly score: number }>>;
  readonly matches: number;
  readonly turns: number;
  readonly repetitions: number;
  readonly messages: number;
}

/**
 * `polis run ipd`: an iterated prisoner's dilemma tournament (T = 5, R = 3, P = 1, S = 0), round robin
 * among distinct strategy agents with no self-play. A referee agent asks each pair for moves over the bus
 * and reports every player's conduct to the reputation ledger: cooperation as `resource-shared`, unprovoked
 * defection as `resource-hoarded` (retaliation is not held against anyone).
 */
export const ipd = defineScenario({
  name: 'ipd',
  summary: "an iterated prisoner's dilemma tournament among strategy agents, with their reputations",
  flags: [
    {
      name: 'strategies',
      kind: 'list',
      description: 'strategies to enter',
      default: IPD_STRATEGY_NAMES,
      choices: IPD_STRATEGY_NAMES,
    },
    { name: 'turns', kind: 'integer', description: 'turns per match', default: 200, min: 1, max: 1_000_000 },
    {
      name: 'repetitions',
      kind: 'integer',
      description: 'times each pair meets',
      default: 3,
      min: 1,
      max: 10_000,
    },
  ] as const,
  async run(options, context): Promise<IpdReport> {
    const names = options.strategies as readonly IpdStrategyName[];
    const matches = roundRobin(names, options.repetitions);
    const system = createSystem({ clock: new VirtualClock(), seed: context.seed, ...context.systemOptions });
    context.attach(system);
    const scorer = system.endpoint('scorer');
    let played = 0;
    let result: TournamentResultContent | undefined;
    scorer.inbox$.subscribe((envelope) => {
      if (envelope.content.kind === 'ipd-match') context.progress(++played, matches.length);
      if (envelope.content.kind === 'ipd-tournament') result = envelope.content as TournamentResultContent;
    });
    // A tournament is one sitting: a ban lasts to its end.
    system.spawn(reputationLedger, {
      id: 'ledger',
      input: { topic: null, policy: { authorities: ['referee'], paroles: 0 } },
    });
    for (const name of names) system.spawn(IPD_STRATEGIES[name], { id: name });
    system.spawn(ipdReferee, {
      id: 'referee',
      input: { matches, turns: options.turns, ledger: 'ledger', reportTo: ['scorer'] },
    });
    await context.drive(system);
    const trust = await queryTrust(system, context, scorer, 'ledger');
    const stats = await system.stop();
    const scores = result?.scores ?? {};
    const ranking = [...names].sort((a, b) => (scores[b] ?? 0) - (scores[a] ?? 0) || (a < b ? -1 : 1));
    const turnsPlayed = options.turns * options.repetitions * (names.length - 1);
    return {
      scores,
      ranking,
      perTurn: Object.fromEntries(names.map((n) => [n, (scores[n] ?? 0) / turnsPlayed])),
      reputation: Object.fromEntries(
        names.map((n) => {
          const view = trust.find((v) => v.subject === n);
          return [n, { standing: view?.standing ?? 'unknown', score: view?.score ?? 0.5 }];
        }),
      ),
      matches: result?.matches ?? 0,
      turns: options.turns,
      repetitions: options.repetitions,
      messages: stats.delivered,
    };
  },
  format(report) {
    const rows = report.ranking.map((name, i) => [
      `${i + 1}.`,
      name,
      String(report.scores[name] ?? 0),
      num(report.perTurn[name]),
      report.reputation[name]?.standing ?? 'unknown',
      num(report.reputation[name]?.score),
    ]);
    return [
      `ipd: ${report.matches} matches of ${report.turns} turns (${report.repetitions} repetition(s) of a round robin), T=5 R=3 P=1 S=0`,
      '',
      table([['', 'strategy', 'total', 'per turn', 'standing', 'trust'], ...rows]),
      '',
      `  ${report.messages} messages delivered`,
    ].join('\n');
  },
  passed: (report) => report.matches > 0,
});
