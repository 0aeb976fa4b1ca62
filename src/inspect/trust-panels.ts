import type { ConsensusRoundContext } from '../../machines/consensus-round.js';
import { type LedgerContext, trustTable } from '../../machines/reputation-ledger.js';
import type { Agent } from '../runtime/agent.js';
import type { AgentSystem } from '../runtime/system.js';
import type { PanelName } from './frames.js';

/** A panel to publish: which one, for whom, and its whole state. */
export interface DerivedPanel {
  readonly panel: PanelName;
  readonly id: string;
  readonly data: unknown;
}

/** The consensus rounds one panel lists: the newest ones. */
const ROUNDS_SHOWN = 20;

/**
 * Reads the reputation and consensus panels off the machines Polis ships, so they show in the inspector
 * without the scenario publishing anything: each `reputation-ledger` agent is a reputation panel (every
 * subject's standing and score), and a system's `consensus-round` agents make its consensus panel. It
 * reports a panel only when one of the snapshots behind it changed since the last call.
 *
 * @example
 * const probe = new TrustPanelProbe();
 * for (const { panel, id, data } of probe.changed(system, 'market')) collector.publishPanel(panel, data, id);
 */
export class TrustPanelProbe {
  /** The snapshot each agent had when its panel was last reported. */
  private readonly reported = new WeakMap<object, unknown>();

  /** The panels whose agents moved since the last call; `consensusId` names the system's consensus panel. */
  changed(system: AgentSystem, consensusId: string): DerivedPanel[] {
    const panels: DerivedPanel[] = [];
    const rounds: Agent[] = [];
    let roundsChanged = false;
    for (const agent of system.agents()) {
      const machine = agent.actor.logic.id;
      if (machine === 'reputation-ledger') {
        if (this.moved(agent)) panels.push(reputationPanel(agent, system.clock.now()));
      } else if (machine === 'consensus-round') {
        rounds.push(agent);
        if (this.moved(agent)) roundsChanged = true;
      }
    }
    if (roundsChanged) {
      panels.push({
        panel: 'consensus',
        id: consensusId,
        data: { rounds: rounds.slice(-ROUNDS_SHOWN).map(roundOf) },
      });
    }
    return panels;
  }

  private moved(agent: Agent): boolean {
    const snapshot = agent.actor.getSnapshot();
    if (this.reported.get(agent.actor) === snapshot) return false;
    this.reported.set(agent.actor, snapshot);
    return true;
  }
}

function reputationPanel(agent: Agent, now: number): DerivedPanel {
  const context = agent.actor.getSnapshot().context as LedgerContext;
  return {
    panel: 'reputation',
    id: agent.id,
    data: {
      subjects: trustTable(context, now).map((view) => ({
        id: view.subject,
        standing: view.standing,
        score: view.score,
        positive: view.positive,
        negative: view.negative,
      })),
      evidenceTaken: context.evidenceTaken,
      evidenceIgnored: context.evidenceIgnored,
    },
  };
}

function roundOf(agent: Agent): unknown {
  const snapshot = agent.actor.getSnapshot();
  const context = snapshot.context as ConsensusRoundContext;
  const weights = context.weights ?? {};
  const decision = context.decision;
  return {
    id: context.roundId,
    state: typeof snapshot.value === 'string' ? snapshot.value : JSON.stringify(snapshot.value),
    rule: context.rule.rule,
    question: context.question,
    votes: Object.entries(context.votes).map(([voter, ballot]) => ({
      voter,
      value: ballot.value,
      ...(weights[voter] === undefined ? {} : { weight: weights[voter] }),
    })),
    ...(decision === undefined
      ? {}
      : { decision: decision.value ?? decision.status, confidence: decision.confidence }),
  };
}
