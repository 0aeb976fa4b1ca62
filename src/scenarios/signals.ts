import {
  conflictResolver,
  createSystem,
  detectSignalConflict,
  type EscalationContent,
  LIFECYCLE_TOPIC,
  PolisError,
  type ResolutionContent,
  reputationLedger,
  type Signal,
  type SignalAction,
  signalSeverity,
  signalSource,
  snapshotOf,
  trustWeight,
  VirtualClock,
} from '../index.js';
import { defineScenario } from './scenario.js';
import { num, queryTrust, table } from './trust-support.js';

const SYMBOL = 'ACME';

/** Each analyst's record before today: contracts it delivered and failed, as an auditor reported them. */
const TRACK_RECORDS: Readonly<Record<string, { readonly delivered: number; readonly failed: number }>> = {
  momentum: { delivered: 8, failed: 1 },
  trend: { delivered: 6, failed: 1 },
  sentiment: { delivered: 2, failed: 5 },
  value: { delivered: 6, failed: 0 },
};

/** One analyst as the report shows it. */
export interface AnalystRow {
  readonly agent: string;
  readonly action: SignalAction;
  readonly confidence: number;
  readonly standing: string;
  /** Its trust weight: what its vote and its claim are multiplied by. */
  readonly weight: number;
  readonly requested: number;
  readonly granted: number;
}

/** What `polis run signals` reports. */
export interface SignalsReport {
  readonly symbol: string;
  readonly analysts: readonly AnalystRow[];
  readonly severity: number;
  readonly threshold: number;
  readonly conflict: boolean;
  readonly resolveBy: string;
  readonly resolution: ResolutionContent | undefined;
  readonly escalated: boolean;
  readonly capital: number;
  readonly demanded: number;
}

/** A `--signals` entry that is not `name:buy|sell|hold:confidence`. */
export class SignalSpecError extends PolisError {
  constructor(entry: string) {
    super(
      'signal-spec-invalid',
      `--signals entries look like name:buy|sell|hold:confidence (0–1), not '${entry}'`,
    );
  }
}

function parseSignal(text: string): { id: string; action: SignalAction; confidence: number } {
  const [id = '', action = '', confidence = ''] = text.split(':');
  const c = Number(confidence);
  if (id === '' || !['buy', 'sell', 'hold'].includes(action) || !(c >= 0 && c <= 1)) {
    throw new SignalSpecError(text);
  }
  return { id, action: action as SignalAction, confidence: c };
}

/**
 * `polis run signals`: five analysts send opposing trading signals on one symbol and each asks for
 * capital from a pool too small for all. The conflict resolver weighs them by the reputation ledger:
 * the capital is shared by weighted allocation, the opposing signals (severity = |mean buy confidence −
 * mean sell confidence| above the threshold) are settled by a weighted vote, and what a vote cannot
 * settle goes to the operator (the trading desk).
 */
export const signals = defineScenario({
  name: 'signals',
  summary: 'opposing trading signals settled by a trust-weighted vote; scarce capital by weighted allocation',
  flags: [
    {
      name: 'signals',
      kind: 'list',
      description: 'analyst:action:confidence entries',
      default: [
        'momentum:buy:0.9',
        'trend:buy:0.8',
        'breakout:buy:0.7',
        'sentiment:sell:0.6',
        'value:sell:0.55',
      ],
    },
    {
      name: 'threshold',
      kind: 'number',
      description: 'severity above which signals conflict',
      default: 0.2,
      min: 0,
      max: 1,
    },
    {
      name: 'resolve-by',
      kind: 'string',
      description: 'how a conflict is settled',
      default: 'weighted-vote',
      choices: ['weighted-vote', 'consensus-round'],
    },
    {
      name: 'operator',
      kind: 'string',
      description: "the desk's answer if the vote cannot decide (silent: no answer)",
      default: 'hold',
      choices: ['hold', 'buy', 'sell', 'silent'],
    },
    { name: 'capital', kind: 'number', description: 'capital in the pool', default: 100_000, min: 0 },
    { name: 'claim', kind: 'number', description: 'capital each analyst asks for', default: 40_000, min: 0 },
  ] as const,
  async run(options, context): Promise<SignalsReport> {
    const analysts = options.signals.map(parseSignal);
    const system = createSystem({ clock: new VirtualClock(), seed: context.seed, ...context.systemOptions });
    context.attach(system);
    const desk = system.endpoint('desk');
    let resolution: ResolutionContent | undefined;
    let escalated = false;
    desk.inbox$.subscribe((envelope) => {
      const content = envelope.content;
      if (content.kind === 'resolution') resolution = content as ResolutionContent;
      if (content.kind === 'escalation') {
        escalated = true;
        if (options.operator === 'silent') return;
        desk.send({
          performative: 'inform',
          receiver: envelope.sender,
          inReplyTo: envelope.id,
          content: {
            kind: 'operator-decision',
            ref: (content as EscalationContent).ref,
            value: options.operator,
            reason: 'the desk decided',
          },
        });
      }
    });
    system.spawn(reputationLedger, {
      id: 'ledger',
      topics: [LIFECYCLE_TOPIC],
      input: { topic: null, policy: { authorities: ['auditor'] } },
    });
    const auditor = system.endpoint('auditor');
    for (const { id } of analysts) {
      const record = TRACK_RECORDS[id] ?? { delivered: 0, failed: 0 };
      const report = (outcome: 'contract-delivered' | 'contract-failed') =>
        auditor.send({
          performative: 'inform',
          receiver: 'ledger',
          content: { kind: 'evidence', subject: id, outcome },
        });
      for (let i = 0; i < record.delivered; i++) report('contract-delivered');
      for (let i = 0; i < record.failed; i++) report('contract-failed');
    }
    system.spawn(conflictResolver, {
      id: 'resolver',
      input: {
        symbol: SYMBOL,
        threshold: options.threshold,
        resolveBy: options['resolve-by'] === 'consensus-round' ? 'consensus-round' : 'weighted-vote',
        ledger: 'ledger',
        operator: 'desk',
        capacities: { capital: options.capital },
        reportTo: ['desk'],
      },
    });
    const sources = analysts.map(({ id, action, confidence }) =>
      system.spawn(signalSource, {
        id,
        input: {
          symbol: SYMBOL,
          action,
          confidence,
          resolver: 'resolver',
          claim: { resource: 'capital', amount: options.claim },
        },
      }),
    );
    await context.drive(system, { until: 10_000 });
    const trust = await queryTrust(system, context, desk, 'ledger');
    const granted = new Map(sources.map((s) => [s.id, snapshotOf(s).context.granted ?? 0]));
    await system.stop();
    context.progress(1, 1);
    const asSignals: Signal[] = analysts.map((a) => ({ source: a.id, symbol: SYMBOL, ...a }));
    return {
      symbol: SYMBOL,
      analysts: analysts.map((a) => {
        const view = trust.find((v) => v.subject === a.id);
        return {
          agent: a.id,
          action: a.action,
          confidence: a.confidence,
          standing: view?.standing ?? 'unknown',
          weight: trustWeight(view),
          requested: options.claim,
          granted: granted.get(a.id) ?? 0,
        };
      }),
      severity: signalSeverity(asSignals).severity,
      threshold: options.threshold,
      conflict: detectSignalConflict(asSignals, SYMBOL, options.threshold) !== undefined,
      resolveBy: options['resolve-by'],
      resolution,
      escalated,
      capital: options.capital,
      demanded: options.claim * analysts.length,
    };
  },
  format(report) {
    const rows = report.analysts.map((a) => [
      a.agent,
      a.action,
      num(a.confidence),
      a.standing,
      num(a.weight),
      num(a.granted, 0),
    ]);
    const r = report.resolution;
    return [
      `signals on ${report.symbol}: severity ${num(report.severity)} (threshold ${num(report.threshold)}) — ${
        report.conflict ? 'a conflict' : 'no conflict'
      }`,
      '',
      table([['analyst', 'signal', 'confidence', 'standing', 'weight', 'capital granted'], ...rows]),
      '',
      `  capital: ${num(report.demanded, 0)} asked for, ${num(report.capital, 0)} in the pool — ${
        report.demanded > report.capital ? 'oversubscribed: shared by trust' : 'every claim granted'
      }`,
      r === undefined
        ? '  no resolution was announced'
        : `  resolution: ${r.value} (${r.status}${report.escalated ? ', escalated to the desk' : ''}, confidence ${num(
            r.confidence,
          )})${r.reason === undefined ? '' : ` — ${r.reason}`}`,
    ].join('\n');
  },
  passed: (report) => report.resolution !== undefined,
});
