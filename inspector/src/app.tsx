import { useEffect, useState } from 'preact/hooks';
import { ActorList } from './actor-list.js';
import { MetricsPanel } from './charts.js';
import { ContextTree } from './context-tree.js';
import { clock, compact, stateText } from './format.js';
import { SequenceDiagram } from './sequence-diagram.js';
import { Statechart } from './statechart.js';
import type { Store } from './store.js';
import { SupervisorPanel } from './supervisor-panel.js';
import { Timeline } from './timeline.js';
import { TrustPanel } from './trust-panel.js';

/** Re-renders the calling component whenever the store's (throttled) version moves. */
function useStore(store: Store): number {
  const [version, setVersion] = useState(store.version);
  useEffect(() => store.subscribe(() => setVersion(store.version)), [store]);
  return version;
}

const SIDE_TABS = ['context', 'supervisor', 'trust'] as const;
const BOTTOM_TABS = ['messages', 'metrics'] as const;
type SideTab = (typeof SIDE_TABS)[number];
type BottomTab = (typeof BOTTOM_TABS)[number];

function Tabs<T extends string>({
  tabs,
  on,
  choose,
  label = (tab) => tab,
}: {
  tabs: readonly T[];
  on: T;
  choose: (tab: T) => void;
  label?: (tab: T) => string;
}) {
  return (
    <nav class="tabs">
      {tabs.map((tab) => (
        <button
          type="button"
          key={tab}
          class={on === tab ? 'on' : ''}
          data-testid={`tab-${tab}`}
          onClick={() => choose(tab)}
        >
          {label(tab)}
        </button>
      ))}
    </nav>
  );
}

export function App({ store }: { store: Store }) {
  useStore(store);
  const [side, setSide] = useState<SideTab>('context');
  const [bottom, setBottom] = useState<BottomTab>('messages');
  return (
    <div class="app">
      <Header store={store} />
      <ActorList store={store} />
      <main class="center">
        <Selected store={store} />
      </main>
      <section class="side">
        <Tabs
          tabs={SIDE_TABS}
          on={side}
          choose={setSide}
          label={(tab) => (tab === 'trust' ? 'reputation & consensus' : tab)}
        />
        <div class="tab-body">
          {side === 'context' && <Detail store={store} />}
          {side === 'supervisor' && <SupervisorPanel store={store} />}
          {side === 'trust' && <TrustPanel store={store} />}
        </div>
      </section>
      <section class="bottom">
        <Tabs tabs={BOTTOM_TABS} on={bottom} choose={setBottom} />
        <div class="tab-body">
          {bottom === 'messages' && (
            <SequenceDiagram
              messages={store.shownMessages}
              skipped={store.skippedMessages}
              travelling={store.travel !== null}
            />
          )}
          {bottom === 'metrics' && (
            <MetricsPanel metrics={store.metrics} names={(id) => store.sources.get(id)?.name ?? id} />
          )}
        </div>
      </section>
      <Timeline store={store} />
    </div>
  );
}

function Header({ store }: { store: Store }) {
  const stats = store.stats;
  return (
    <header class="header">
      <h1>Polis inspector</h1>
      <span class={`conn ${store.connection}`} data-testid="connection">
        {store.connection}
      </span>
      <span class="sources">
        {[...store.sources.values()].map((s) => (
          <span key={s.id} class={`source ${s.connected ? '' : 'gone'}`} title={`${s.kind} source ${s.id}`}>
            {s.name}
            {s.controls?.halted ? ' (halted)' : ''}
          </span>
        ))}
      </span>
      {stats !== undefined && (
        <span class="stats">
          {compact(stats.framesPerSecond)} events/s · {compact(stats.frames)} total ·{' '}
          <span
            class={stats.badFrames > 0 ? 'bad' : ''}
            data-testid="bad-frames"
            title={stats.lastBadFrame === undefined ? 'no bad frames' : `last: ${stats.lastBadFrame.problem}`}
          >
            {stats.badFrames} bad frames
          </span>
        </span>
      )}
      <div class="notices">
        {store.notices.map((n) => (
          <button
            type="button"
            key={n.id}
            class={`notice ${n.level}`}
            onClick={() => store.dismiss(n.id)}
            data-testid="notice"
          >
            {n.text}
          </button>
        ))}
      </div>
    </header>
  );
}

function Selected({ store }: { store: Store }) {
  const key = store.selected;
  const actor = key === null ? undefined : store.actors.get(key);
  if (actor === undefined) {
    return <div class="empty big">select an actor on the left to see its statechart</div>;
  }
  const view = store.actorView(actor.key);
  const detail = store.shownDetail;
  const chart = actor.def === undefined ? undefined : store.definitions.get(actor.def);
  const value = detail?.key === actor.key ? (detail.snapshot?.value ?? view?.value) : view?.value;
  const status = view?.status ?? actor.status;
  return (
    <div class="selected-pane" data-testid="selected-actor" data-key={actor.key}>
      <div class="selected-head">
        <span class={`dot ${status}`} />
        <b>{actor.id}</b> <span class="muted">{actor.kind}</span>
        <span class={`badge ${status}`} data-testid="selected-status">
          {status}
        </span>
        <span class="state-text" data-testid="selected-state">
          {stateText(value)}
        </span>
        {store.travel !== null && <span class="badge travelling">as at {clock(store.travel.at)}</span>}
      </div>
      {store.travel !== null && view === undefined && (
        <div class="empty" data-testid="not-yet">
          {actor.id} did not exist yet at this moment
        </div>
      )}
      {chart === undefined ? (
        <div class="empty">no statechart for this actor ({actor.kind})</div>
      ) : (
        <Statechart
          defKey={actor.def!}
          chart={chart}
          value={value}
          taken={detail?.key === actor.key ? (detail.transition?.taken ?? []) : []}
        />
      )}
    </div>
  );
}

function Detail({ store }: { store: Store }) {
  const detail = store.shownDetail;
  if (store.selected === null) return <div class="empty">no actor selected</div>;
  if (detail === undefined || detail.key !== store.selected) return <div class="empty">loading…</div>;
  const snapshot = detail.snapshot;
  return (
    <div class="detail">
      <ContextTree value={snapshot?.context ?? {}} label="context" open={1} />
      {snapshot?.error !== undefined && <ContextTree value={snapshot.error} label="error" open={2} />}
      {snapshot?.output !== undefined && <ContextTree value={snapshot.output} label="output" open={1} />}
      <h4>recent</h4>
      <ol class="recent" data-testid="recent-events">
        {[...detail.recent].reverse().map((row) => (
          <li key={`${row.seq}-${row.kind}-${row.text}`} class={row.kind}>
            <span class="muted">{clock(row.at)}</span> <b>{row.kind}</b> {row.text}
            {row.from !== undefined && <span class="muted"> from {row.from}</span>}
          </li>
        ))}
      </ol>
    </div>
  );
}
