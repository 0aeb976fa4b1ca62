import { useMemo, useState } from 'preact/hooks';
import type { ActorSummary, PanelState } from '../../src/inspect/wire.js';
import { isRecord, stateText } from './format.js';
import type { Store } from './store.js';

const ROW = 24;

type Row =
  | {
      readonly type: 'group';
      readonly key: string;
      readonly label: string;
      readonly count: number;
      readonly depth: number;
    }
  | { readonly type: 'actor'; readonly actor: ActorSummary; readonly depth: number };

/** Agent ids each supervisor panel says it supervises (`data.children` or `data.agents`). */
function supervisorOf(panels: Iterable<PanelState>): Map<string, string> {
  const owner = new Map<string, string>();
  for (const panel of panels) {
    if (panel.panel !== 'supervisor' || !isRecord(panel.data)) continue;
    const children = panel.data.children ?? panel.data.agents;
    if (!Array.isArray(children)) continue;
    for (const child of children) {
      const id =
        typeof child === 'string'
          ? child
          : isRecord(child) && typeof child.id === 'string'
            ? child.id
            : undefined;
      if (id !== undefined) owner.set(`${panel.source}/${id}`, `supervisor ${panel.id}`);
    }
  }
  return owner;
}

/** Rows of the list: actors grouped by supervisor (or source), then kind; children under their parent. */
function rowsOf(store: Store, filter: string, collapsed: ReadonlySet<string>): Row[] {
  const owner = supervisorOf(store.panels.values());
  const groups = new Map<string, Map<string, ActorSummary[]>>();
  const children = new Map<string, ActorSummary[]>();
  const needle = filter.toLowerCase();
  for (const actor of store.actors.values()) {
    if (actor.parent !== undefined && store.actors.has(actor.parent)) {
      const list = children.get(actor.parent) ?? [];
      list.push(actor);
      children.set(actor.parent, list);
      continue;
    }
    if (
      needle !== '' &&
      !actor.id.toLowerCase().includes(needle) &&
      !actor.kind.toLowerCase().includes(needle)
    )
      continue;
    const group = owner.get(actor.key) ?? store.sources.get(actor.source)?.name ?? actor.source;
    const kinds = groups.get(group) ?? new Map<string, ActorSummary[]>();
    const list = kinds.get(actor.kind) ?? [];
    list.push(actor);
    kinds.set(actor.kind, list);
    groups.set(group, kinds);
  }
  const rows: Row[] = [];
  const addActor = (actor: ActorSummary, depth: number) => {
    rows.push({ type: 'actor', actor, depth });
    for (const child of children.get(actor.key) ?? []) addActor(child, depth + 1);
  };
  for (const [group, kinds] of groups) {
    const count = [...kinds.values()].reduce((n, list) => n + list.length, 0);
    rows.push({ type: 'group', key: group, label: group, count, depth: 0 });
    if (collapsed.has(group)) continue;
    for (const [kind, list] of kinds) {
      const key = `${group}\u0000${kind}`;
      rows.push({ type: 'group', key, label: kind, count: list.length, depth: 1 });
      if (collapsed.has(key)) continue;
      for (const actor of list) addActor(actor, 2);
    }
  }
  return rows;
}

/** The actors, grouped, with live status; only the rows in view are drawn, so thousands stay fast. */
export function ActorList({ store }: { store: Store }) {
  const [filter, setFilter] = useState('');
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const [scroll, setScroll] = useState(0);
  const [height, setHeight] = useState(600);
  const rows = useMemo(() => rowsOf(store, filter, collapsed), [store.version, filter, collapsed]);
  const first = Math.max(0, Math.floor(scroll / ROW) - 10);
  const last = Math.min(rows.length, Math.ceil((scroll + height) / ROW) + 10);
  const toggle = (key: string) => {
    const next = new Set(collapsed);
    if (next.has(key)) next.delete(key);
    else next.add(key);
    setCollapsed(next);
  };
  return (
    <aside class="actors">
      <div class="actors-head">
        <input
          type="search"
          placeholder={`filter ${store.actors.size} actors`}
          value={filter}
          onInput={(e) => setFilter((e.target as HTMLInputElement).value)}
          aria-label="filter actors"
        />
      </div>
      <div
        class="actor-scroll"
        data-testid="actor-list"
        ref={(el) => {
          if (el !== null && Math.abs(el.clientHeight - height) > 4) setHeight(el.clientHeight);
        }}
        onScroll={(e) => setScroll((e.target as HTMLElement).scrollTop)}
      >
        <div style={{ height: `${rows.length * ROW}px`, position: 'relative' }}>
          {rows.slice(first, last).map((row, i) => {
            const top = (first + i) * ROW;
            if (row.type === 'group') {
              return (
                <button
                  type="button"
                  key={`g:${row.key}`}
                  class={`group-row depth-${row.depth}`}
                  style={{ top: `${top}px` }}
                  onClick={() => toggle(row.key)}
                >
                  {collapsed.has(row.key) ? '▸' : '▾'} {row.label} <span class="count">{row.count}</span>
                </button>
              );
            }
            const view = store.actorView(row.actor.key);
            const absent = store.travel !== null && view === undefined;
            const status = view?.status ?? row.actor.status;
            return (
              <button
                type="button"
                key={row.actor.key}
                class={`actor-row${store.selected === row.actor.key ? ' selected' : ''}${absent ? ' absent' : ''}`}
                style={{ top: `${top}px`, paddingLeft: `${8 + row.depth * 12}px` }}
                data-testid="actor-row"
                data-key={row.actor.key}
                data-actor={row.actor.id}
                data-status={status}
                onClick={() => store.select(row.actor.key)}
                title={`${row.actor.id} (${row.actor.kind}) — ${status}`}
              >
                <span class={`dot ${status}`} />
                <span class="actor-id">{row.actor.id}</span>
                <span class="actor-state">{stateText(view?.value ?? row.actor.value)}</span>
              </button>
            );
          })}
        </div>
      </div>
    </aside>
  );
}
