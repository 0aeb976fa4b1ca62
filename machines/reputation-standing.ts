import { enqueueActions, setup } from 'xstate';
import type { Standing } from '../src/protocol/reputation-content.js';
import { DEFAULT_REPUTATION_POLICY, type ReputationPolicy } from './reputation-model.js';

/** What the standing machine is told: a new identity appeared, or the ledger re-scored the subject. */
export type StandingEvent =
  | { readonly type: 'introduce'; readonly at: number }
  | {
      readonly type: 'assessed';
      /** The beta-reputation score after the latest evidence. */
      readonly score: number;
      /** The counted evidence (positive + negative) behind the score. */
      readonly evidence: number;
      readonly at: number;
    };

/** What it reports after every event: emitted, and sent to its parent (the ledger) when it has one. */
export interface StandingReport {
  readonly type: 'standing.assessed';
  readonly subject: string;
  readonly from: Standing;
  readonly to: Standing;
  readonly score: number;
  readonly at: number;
  /** True when a ban ran out and the subject returned on probation with a clean record. */
  readonly paroled: boolean;
}

export interface StandingInput {
  readonly subject: string;
  readonly policy?: ReputationPolicy;
  /** Send each report to the parent actor too. The ledger sets it; alone, leave it off. */
  readonly reportsToParent?: boolean;
}

export interface StandingContext {
  readonly subject: string;
  readonly policy: ReputationPolicy;
  readonly standing: Standing;
  readonly score: number;
  readonly at: number;
  /** Times this subject has come back from a ban. */
  readonly paroles: number;
  readonly reportsToParent: boolean;
}

type Assessed = Extract<StandingEvent, { type: 'assessed' }>;
const assessed = (event: StandingEvent): Assessed | undefined =>
  event.type === 'assessed' ? event : undefined;

/**
 * One subject's standing as a statechart: unknown → probation → trusted ⇄ suspected → banned, and, if the
 * policy allows parole, banned → probation after the cooling-off period. Moves are driven by the scores
 * the ledger computes; the thresholds have a gap between them (hysteresis), so a score that hovers does
 * not flap. Each event produces one {@link StandingReport}.
 *
 * @example
 * const actor = createActor(reputationStanding, { input: { subject: 'bidder-1' } }).start();
 * actor.on('standing.assessed', (r) => console.log(r.from, '→', r.to));
 * actor.send({ type: 'assessed', score: 0.9, evidence: 8, at: 0 }); // unknown → trusted
 */
export const reputationStanding = setup({
  types: {} as {
    context: StandingContext;
    input: StandingInput;
    events: StandingEvent;
    emitted: StandingReport;
  },
  guards: {
    earnsTrust: ({ context, event }) => {
      const e = assessed(event);
      return (
        e !== undefined &&
        e.score >= context.policy.trustAbove &&
        e.evidence >= context.policy.minEvidenceToTrust
      );
    },
    fallsUnderSuspicion: ({ context, event }) => {
      const e = assessed(event);
      return (
        e !== undefined &&
        e.score < context.policy.suspectBelow &&
        e.evidence >= context.policy.minEvidenceToSuspect
      );
    },
    deservesBan: ({ context, event }) => {
      const e = assessed(event);
      return (
        e !== undefined && e.score < context.policy.banBelow && e.evidence >= context.policy.minEvidenceToBan
      );
    },
    mayReturn: ({ context }) => context.paroles < context.policy.paroles,
  },
  actions: {
    /** Moves `standing` to `to`, then emits (and maybe sends to the parent) what changed. */
    report: enqueueActions(
      ({ context, event, enqueue }, params: { readonly to: Standing; readonly paroled?: boolean }) => {
        const paroled = params.paroled === true;
        const at = paroled ? context.at + context.policy.coolingOff : 'at' in event ? event.at : context.at;
        const score = paroled ? 0.5 : (assessed(event)?.score ?? context.score);
        const report: StandingReport = {
          type: 'standing.assessed',
          subject: context.subject,
          from: context.standing,
          to: params.to,
          score,
          at,
          paroled,
        };
        enqueue.assign({
          standing: params.to,
          score,
          at,
          paroles: context.paroles + (paroled ? 1 : 0),
        });
        enqueue.emit(report);
        if (context.reportsToParent) enqueue.sendParent(report);
      },
    ),
  },
  delays: {
    coolingOff: ({ context }) => context.policy.coolingOff,
  },
}).createMachine({
  id: 'reputation-standing',
  context: ({ input }) => ({
    subject: input.subject,
    policy: input.policy ?? DEFAULT_REPUTATION_POLICY,
    standing: 'unknown',
    score: 0.5,
    at: 0,
    paroles: 0,
    reportsToParent: input.reportsToParent === true,
  }),
  initial: 'unknown',
  states: {
    unknown: {
      description: 'Never heard of: no record at all.',
      on: {
        introduce: { target: 'probation', actions: { type: 'report', params: { to: 'probation' } } },
        assessed: [
          { guard: 'earnsTrust', target: 'trusted', actions: { type: 'report', params: { to: 'trusted' } } },
          {
            guard: 'fallsUnderSuspicion',
            target: 'suspected',
            actions: { type: 'report', params: { to: 'suspected' } },
          },
          { target: 'probation', actions: { type: 'report', params: { to: 'probation' } } },
        ],
      },
    },
    probation: {
      description: 'A new (or paroled) identity: its reports count little until it earns trust.',
      on: {
        assessed: [
          { guard: 'earnsTrust', target: 'trusted', actions: { type: 'report', params: { to: 'trusted' } } },
          {
            guard: 'fallsUnderSuspicion',
            target: 'suspected',
            actions: { type: 'report', params: { to: 'suspected' } },
          },
          { actions: { type: 'report', params: { to: 'probation' } } },
        ],
      },
    },
    trusted: {
      description:
        'Score at or above trustAbove with enough evidence; stays until it drops below suspectBelow.',
      on: {
        assessed: [
          {
            guard: 'fallsUnderSuspicion',
            target: 'suspected',
            actions: { type: 'report', params: { to: 'suspected' } },
          },
          { actions: { type: 'report', params: { to: 'trusted' } } },
        ],
      },
    },
    suspected: {
      description: 'Score below suspectBelow: it can win trust back, or sink below banBelow and be banned.',
      on: {
        assessed: [
          { guard: 'deservesBan', target: 'banned', actions: { type: 'report', params: { to: 'banned' } } },
          { guard: 'earnsTrust', target: 'trusted', actions: { type: 'report', params: { to: 'trusted' } } },
          { actions: { type: 'report', params: { to: 'suspected' } } },
        ],
      },
    },
    banned: {
      description: 'Excluded. After the cooling-off period it may return on probation, if the policy allows.',
      on: {
        assessed: { actions: { type: 'report', params: { to: 'banned' } } },
      },
      initial: 'sentenced',
      states: {
        sentenced: {
          description: 'Decides whether this ban can end: only while paroles remain.',
          always: [{ guard: 'mayReturn', target: 'coolingOff' }, { target: 'forever' }],
        },
        coolingOff: {
          description:
            'Serving the ban; when the cooling-off period ends, back on probation with a clean record.',
          after: {
            coolingOff: {
              target: '#reputation-standing.probation',
              actions: { type: 'report', params: { to: 'probation', paroled: true } },
            },
          },
        },
        forever: { description: 'No parole left: the ban is final.' },
      },
    },
  },
});
