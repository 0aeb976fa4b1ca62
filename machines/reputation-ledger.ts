import { type ActorRefFrom, enqueueActions, setup } from 'xstate';
import type { AgentInput } from '../src/protocol/agent-identity.js';
import type { Content } from '../src/protocol/content.js';
import type { Inbound } from '../src/protocol/envelope.js';
import type { LifecycleContent } from '../src/protocol/lifecycle-content.js';
import { type Outbound, outbound, reply } from '../src/protocol/outbound.js';
import {
  type EvidenceContent,
  type Standing,
  TRUST_TOPIC,
  type TrustChange,
  type TrustQuery,
  type TrustReport,
  type TrustView,
} from '../src/protocol/reputation-content.js';
import {
  addEvidence,
  betaScore,
  countedEvidence,
  decay,
  type EvidenceRecord,
  emptyRecord,
  isAuthority,
  type ReputationPolicy,
  reporterWeight,
  reputationPolicy,
  weightAsReporter,
} from './reputation-model.js';
import { reputationStanding, type StandingReport } from './reputation-standing.js';

export interface LedgerInput {
  /** The policy, or overrides of the defaults. */
  readonly policy?: Partial<ReputationPolicy>;
  /** Topic (name without `#`) to publish `trust-change` on; `null` publishes nothing. Default `polis.trust`. */
  readonly topic?: string | null;
  /** `standing`: publish only when a standing changes (default); `every`: after every piece of evidence. */
  readonly stream?: 'standing' | 'every';
}

export interface LedgerContext {
  readonly me: string;
  readonly policy: ReputationPolicy;
  readonly records: Readonly<Record<string, EvidenceRecord>>;
  readonly standings: Readonly<Record<string, ActorRefFrom<typeof reputationStanding>>>;
  readonly topic: string | null;
  readonly stream: 'standing' | 'every';
  /** Pieces of evidence taken, and how many of them counted for nothing (self-reports, banned reporters). */
  readonly evidenceTaken: number;
  readonly evidenceIgnored: number;
}

export type LedgerEvent =
  | Inbound<'inform', EvidenceContent | LifecycleContent | Content>
  | Inbound<'query-ref', TrustQuery | Content>
  | StandingReport;

const isEvidence = (c: Content): c is EvidenceContent => c.kind === 'evidence';
const isTrustQuery = (c: Content): c is TrustQuery => c.kind === 'trust-query';
const isLifecycle = (c: Content): c is LifecycleContent => c.kind === 'lifecycle';

/**
 * One subject's trust as the ledger in `context` sees it at `now` (decayed to then).
 *
 * @example
 * const view = trustIn(snapshotOf(ledger).context, 'bidder-1', system.clock.now());
 */
export function trustIn(context: LedgerContext, subject: string, now: number): TrustView {
  const record = context.records[subject];
  const ref = context.standings[subject];
  const standing: Standing = ref === undefined ? 'unknown' : ref.getSnapshot().context.standing;
  const counted =
    record === undefined
      ? { positive: 0, negative: 0 }
      : countedEvidence(decay(record, now, context.policy), context.policy);
  const score = betaScore(counted);
  return {
    subject,
    standing,
    score,
    positive: counted.positive,
    negative: counted.negative,
    reporterWeight: isAuthority(subject, context.policy)
      ? 1
      : weightAsReporter(standing, score, context.policy),
  };
}

/**
 * Every subject the ledger knows, by id, at `now`.
 *
 * @example
 * for (const view of trustTable(snapshotOf(ledger).context, clock.now())) console.log(view.subject, view.standing);
 */
export function trustTable(context: LedgerContext, now: number): TrustView[] {
  return Object.keys(context.records)
    .sort()
    .map((subject) => trustIn(context, subject, now));
}

/**
 * The reputation ledger, a hosted agent. It takes `evidence` informs (sent to it, or on a topic it
 * subscribes to), weighs each by its reporter's own standing, keeps a beta-reputation record and a
 * {@link reputationStanding} child per subject, answers `query-ref` `trust-query` with a `trust-report`,
 * and publishes `trust-change` on its topic. Subscribed to `polis.lifecycle`, it puts every newly
 * spawned agent on probation.
 *
 * @example
 * system.spawn(reputationLedger, { id: 'ledger', topics: ['polis.evidence', 'polis.lifecycle'],
 *   input: { policy: { authorities: ['round-*'] } } });
 * me.request({ performative: 'query-ref', receiver: 'ledger', content: { kind: 'trust-query', subject: 'bidder-1' } }, 1000);
 */
export const reputationLedger = setup({
  types: {} as {
    context: LedgerContext;
    input: AgentInput<LedgerInput>;
    events: LedgerEvent;
    emitted: Outbound;
  },
  actors: { standing: reputationStanding },
  guards: {
    isEvidence: ({ event }) => event.type === 'inform' && isEvidence(event.content),
    isSpawnNotice: ({ event }) =>
      event.type === 'inform' && isLifecycle(event.content) && event.content.event === 'spawned',
    isLifecycle: ({ event }) => event.type === 'inform' && isLifecycle(event.content),
    isTrustQuery: ({ event }) => event.type === 'query-ref' && isTrustQuery(event.content),
  },
  actions: {
    recordEvidence: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'inform' || !isEvidence(event.content)) return;
      const { subject, outcome } = event.content;
      const at = event.sentAt;
      const policy = context.policy;
      const reporter = trustIn(context, event.sender, at);
      const { weight, vetted } = reporterWeight(event.sender, subject, reporter, policy);
      const amount = (event.content.amount ?? 1) * weight;
      const impact = policy.impacts[outcome];
      const before = context.records[subject] ?? emptyRecord(at);
      const record = addEvidence(
        before,
        { positive: impact.positive * amount, negative: impact.negative * amount, vetted },
        at,
        policy,
      );
      const counted = countedEvidence(record, policy);
      enqueue.assign({
        records: { ...context.records, [subject]: record },
        evidenceTaken: context.evidenceTaken + 1,
        evidenceIgnored: context.evidenceIgnored + (weight === 0 ? 1 : 0),
        standings: ({ context: c, spawn }) =>
          c.standings[subject] !== undefined
            ? c.standings
            : {
                ...c.standings,
                [subject]: spawn('standing', {
                  id: `standing:${subject}`,
                  input: { subject, policy, reportsToParent: true },
                }),
              },
      });
      enqueue.sendTo(({ context: c }) => c.standings[subject]!, {
        type: 'assessed',
        score: betaScore(counted),
        evidence: counted.positive + counted.negative,
        at,
      });
    }),
    introduce: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'inform' || !isLifecycle(event.content)) return;
      const subject = event.content.agent;
      if (subject === context.me || context.records[subject] !== undefined) return;
      if (isAuthority(subject, context.policy)) return;
      const at = event.sentAt;
      enqueue.assign({
        records: { ...context.records, [subject]: emptyRecord(at) },
        standings: ({ context: c, spawn }) => ({
          ...c.standings,
          [subject]: spawn('standing', {
            id: `standing:${subject}`,
            input: { subject, policy: c.policy, reportsToParent: true },
          }),
        }),
      });
      enqueue.sendTo(({ context: c }) => c.standings[subject]!, { type: 'introduce', at });
    }),
    answerTrust: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'query-ref' || !isTrustQuery(event.content)) return;
      const at = event.sentAt;
      const subject = event.content.subject;
      const report: TrustReport = {
        kind: 'trust-report',
        at,
        entries: subject === undefined ? trustTable(context, at) : [trustIn(context, subject, at)],
      };
      enqueue.emit(reply(event, 'inform', report));
    }),
    publishChange: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'standing.assessed') return;
      if (event.paroled) {
        enqueue.assign({ records: { ...context.records, [event.subject]: emptyRecord(event.at) } });
      }
      if (context.topic === null || (context.stream === 'standing' && event.from === event.to)) return;
      const change: TrustChange = {
        kind: 'trust-change',
        subject: event.subject,
        from: event.from,
        to: event.to,
        score: event.score,
        at: event.at,
      };
      enqueue.emit(outbound({ performative: 'inform', receiver: `#${context.topic}`, content: change }));
    }),
    notUnderstood: enqueueActions(({ event, enqueue }) => {
      if (event.type === 'standing.assessed' || event.receiver.startsWith('#')) return;
      const reason = `the ledger takes inform 'evidence' and query-ref 'trust-query', not '${event.content.kind}'`;
      enqueue.emit(reply(event, 'not-understood', { kind: 'reason', reason }));
    }),
  },
}).createMachine({
  id: 'reputation-ledger',
  context: ({ input }) => ({
    me: input.agent.id,
    policy: reputationPolicy(input.policy),
    records: {},
    standings: {},
    topic: input.topic === undefined ? TRUST_TOPIC : input.topic,
    stream: input.stream ?? 'standing',
    evidenceTaken: 0,
    evidenceIgnored: 0,
  }),
  initial: 'keeping',
  states: {
    keeping: {
      description: 'Takes evidence, answers trust queries, publishes changes.',
      on: {
        inform: [
          { guard: 'isEvidence', actions: 'recordEvidence' },
          { guard: 'isSpawnNotice', actions: 'introduce' },
          { guard: 'isLifecycle' },
          { actions: 'notUnderstood' },
        ],
        'query-ref': [{ guard: 'isTrustQuery', actions: 'answerTrust' }, { actions: 'notUnderstood' }],
        'standing.assessed': { actions: 'publishChange' },
      },
    },
  },
});
