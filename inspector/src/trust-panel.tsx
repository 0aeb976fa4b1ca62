import type { PanelState } from '../../src/inspect/wire.js';
import { Sparkline } from './charts.js';
import { ContextTree } from './context-tree.js';
import { isRecord } from './format.js';
import type { Store } from './store.js';

/** Reputation (standing and a score sparkline per agent) and consensus rounds (votes, decision). */
export function TrustPanel({ store }: { store: Store }) {
  const panels = [...store.panels.values()];
  const reputation = panels.filter((p) => p.panel === 'reputation');
  const consensus = panels.filter((p) => p.panel === 'consensus');
  if (reputation.length === 0 && consensus.length === 0) {
    return <div class="empty">no reputation or consensus state published</div>;
  }
  return (
    <div class="trust">
      {reputation.map((p) => (
        <Reputation key={p.key} panel={p} history={store.panelHistory.get(p.key) ?? []} />
      ))}
      {consensus.map((p) => (
        <Consensus key={p.key} panel={p} />
      ))}
    </div>
  );
}

interface Subject {
  readonly id: string;
  readonly standing: string;
  readonly score: number | undefined;
}

function subjectsOf(data: unknown): Subject[] {
  if (!isRecord(data)) return [];
  const raw = data.subjects ?? data.agents;
  const list: unknown[] = Array.isArray(raw)
    ? raw
    : isRecord(raw)
      ? Object.entries(raw).map(([id, v]) => ({ id, ...(isRecord(v) ? v : { score: v }) }))
      : [];
  return list.filter(isRecord).map((s) => ({
    id: String(s.id ?? s.subject ?? '?'),
    standing: String(s.standing ?? s.state ?? '—'),
    score: typeof s.score === 'number' ? s.score : undefined,
  }));
}

function Reputation({ panel, history }: { panel: PanelState; history: readonly PanelState[] }) {
  const subjects = subjectsOf(panel.data);
  if (subjects.length === 0) return <ContextTree value={panel.data} label={`reputation ${panel.id}`} />;
  const scores = new Map<string, number[]>();
  for (const past of history) {
    for (const s of subjectsOf(past.data)) {
      if (s.score === undefined) continue;
      const list = scores.get(s.id) ?? [];
      list.push(s.score);
      scores.set(s.id, list);
    }
  }
  return (
    <section data-testid="reputation">
      <h3>reputation {panel.id}</h3>
      <table class="reputation">
        <thead>
          <tr>
            <th>agent</th>
            <th>standing</th>
            <th>score</th>
            <th>trend</th>
          </tr>
        </thead>
        <tbody>
          {subjects.slice(0, 300).map((s) => (
            <tr key={s.id}>
              <td>{s.id}</td>
              <td>
                <span class={`badge standing-${s.standing}`}>{s.standing}</span>
              </td>
              <td>{s.score === undefined ? '—' : s.score.toFixed(3)}</td>
              <td>
                <Sparkline values={(scores.get(s.id) ?? []).slice(-60)} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Consensus({ panel }: { panel: PanelState }) {
  const data = isRecord(panel.data) ? panel.data : {};
  const rounds = (Array.isArray(data.rounds) ? data.rounds : [data]).filter(isRecord);
  return (
    <section data-testid="consensus">
      <h3>consensus {panel.id}</h3>
      {rounds.slice(-10).map((round, i) => {
        const votes = Array.isArray(round.votes) ? round.votes.filter(isRecord) : [];
        return (
          <div key={String(round.id ?? i)} class="round">
            <div>
              <b>{String(round.id ?? `round ${i + 1}`)}</b>{' '}
              <span class="badge">{String(round.state ?? '?')}</span>
              {round.rule !== undefined && <span class="muted"> rule {String(round.rule)}</span>}
              {round.decision !== undefined && (
                <span>
                  {' '}
                  → decision <b>{JSON.stringify(round.decision)}</b>
                </span>
              )}
            </div>
            <div class="votes">
              {votes.map((v, j) => (
                <span key={j} class="vote">
                  {String(v.voter ?? v.agent ?? '?')}: {JSON.stringify(v.value ?? v.vote)}
                  {typeof v.weight === 'number' ? ` ×${v.weight}` : ''}
                </span>
              ))}
            </div>
          </div>
        );
      })}
    </section>
  );
}
