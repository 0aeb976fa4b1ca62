import { useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { MessageRow } from '../../src/inspect/wire.js';
import { ArrowMarker } from './arrow-marker.js';
import { ContextTree } from './context-tree.js';
import { clock } from './format.js';

const ROW = 26;
const COLUMN = 130;
const TOP = 8;
const MAX_ROWS = 120;
const MAX_LIFELINES = 40;

interface Props {
  readonly messages: readonly MessageRow[];
  readonly skipped: number;
  readonly travelling: boolean;
}

/** Messages between agents: a lifeline per participant, an arrow per envelope, dead letters crossed out. */
export function SequenceDiagram({ messages, skipped, travelling }: Props) {
  const [conversation, setConversation] = useState('');
  const [agent, setAgent] = useState('');
  const [deadOnly, setDeadOnly] = useState(false);
  const [picked, setPicked] = useState<MessageRow | undefined>(undefined);
  const scroller = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);
  const conversations = useMemo(() => {
    const seen = new Set<string>();
    for (let i = messages.length - 1; i >= 0 && seen.size < 200; i--) {
      const id = messages[i]!.conversationId;
      if (id !== undefined) seen.add(id);
    }
    return [...seen].sort();
  }, [messages]);
  const participants = useMemo(() => {
    const seen = new Set<string>();
    for (const m of messages) {
      seen.add(m.sender);
      seen.add(m.receiver);
    }
    return [...seen].sort();
  }, [messages]);
  const shown = useMemo(() => {
    const out: MessageRow[] = [];
    for (let i = messages.length - 1; i >= 0 && out.length < MAX_ROWS; i--) {
      const m = messages[i]!;
      if (conversation !== '' && m.conversationId !== conversation) continue;
      if (agent !== '' && m.sender !== agent && m.receiver !== agent && m.recipient !== agent) continue;
      if (deadOnly && m.kind !== 'dead') continue;
      out.push(m);
    }
    return out.reverse();
  }, [messages, conversation, agent, deadOnly]);
  const lifelines = useMemo(() => {
    const order: string[] = [];
    for (const m of shown) {
      if (!order.includes(m.sender)) order.push(m.sender);
      const to = target(m);
      if (!order.includes(to)) order.push(to);
    }
    return order.slice(0, MAX_LIFELINES);
  }, [shown]);
  const x = (name: string) => {
    const at = lifelines.indexOf(name);
    return (at < 0 ? lifelines.length : at) * COLUMN + COLUMN / 2;
  };
  // Follow the newest message, unless the reader scrolled up to look at older ones.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (el !== null && pinned.current) el.scrollTop = el.scrollHeight;
  });
  const width = Math.max(lifelines.length, 1) * COLUMN;
  const height = TOP + shown.length * ROW + 10;
  return (
    <div class="sequence">
      <div class="toolbar">
        <label>
          conversation{' '}
          <select
            value={conversation}
            onChange={(e) => setConversation((e.target as HTMLSelectElement).value)}
          >
            <option value="">all</option>
            {conversations.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
        <label>
          agent{' '}
          <select
            value={agent}
            data-testid="message-agent-filter"
            onChange={(e) => setAgent((e.target as HTMLSelectElement).value)}
          >
            <option value="">all</option>
            {participants.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </label>
        <label>
          <input type="checkbox" checked={deadOnly} onChange={() => setDeadOnly(!deadOnly)} /> dead letters
          only
        </label>
        <span class="muted">
          {shown.length} of {messages.length} {travelling ? 'up to the chosen moment' : 'recent'}
          {skipped > 0 ? ` · ${skipped} skipped to keep up` : ''}
        </span>
      </div>
      <div class="sequence-body">
        <div
          class="sequence-scroll"
          ref={scroller}
          onScroll={(e) => {
            const el = e.target as HTMLElement;
            pinned.current = el.scrollTop + el.clientHeight >= el.scrollHeight - 30;
          }}
        >
          {shown.length === 0 ? (
            <div class="empty">
              no messages{conversation !== '' || agent !== '' ? ' match the filter' : ' yet'}
            </div>
          ) : (
            <>
              <div class="lifeline-names" style={{ width: `${width}px` }}>
                {lifelines.map((name) => (
                  <span
                    key={name}
                    style={{ left: `${x(name) - COLUMN / 2}px`, width: `${COLUMN}px` }}
                    title={name}
                  >
                    {name}
                  </span>
                ))}
              </div>
              <svg
                width={width}
                height={height}
                data-testid="sequence-diagram"
                role="img"
                aria-label="message sequence diagram"
              >
                <defs>
                  <ArrowMarker id="msg-arrow" headClass="msg-head" />
                </defs>
                {lifelines.map((name) => (
                  <line key={name} class="lifeline" x1={x(name)} y1={0} x2={x(name)} y2={height} />
                ))}
                {shown.map((m, i) => (
                  <Arrow
                    key={`${m.seq}:${m.id}:${m.kind}`}
                    m={m}
                    y={TOP + i * ROW + 16}
                    x1={x(m.sender)}
                    x2={x(target(m))}
                    picked={picked === m}
                    onPick={() => setPicked(picked === m ? undefined : m)}
                  />
                ))}
              </svg>
            </>
          )}
        </div>
        {picked !== undefined && (
          <div class="message-detail" data-testid="message-detail">
            <div>
              <b>{picked.performative}</b> {picked.sender} → {picked.receiver} at {clock(picked.at)}
            </div>
            {picked.kind === 'dead' && (
              <div class="dead-reason">
                dead letter ({picked.reason}): {picked.detail}
              </div>
            )}
            <ContextTree value={picked} label="envelope" open={2} />
          </div>
        )}
      </div>
    </div>
  );
}

function target(m: MessageRow): string {
  return m.kind === 'dead' && m.recipient !== undefined ? m.recipient : m.receiver;
}

function Arrow(props: {
  m: MessageRow;
  y: number;
  x1: number;
  x2: number;
  picked: boolean;
  onPick: () => void;
}) {
  const { m, y, x1, x2, picked, onPick } = props;
  const dead = m.kind === 'dead';
  const self = x1 === x2;
  const label = `${m.performative} · ${m.contentKind}${dead ? ` ✕ ${m.reason}` : ''}`;
  const end = dead ? x1 + (x2 - x1) * 0.85 : x2;
  return (
    // biome-ignore lint/a11y/useSemanticElements: an SVG group cannot be a <button>
    <g
      class={`message ${m.kind}${picked ? ' picked' : ''}`}
      data-testid="message"
      data-envelope-id={m.id}
      data-kind={m.kind}
      role="button"
      tabIndex={0}
      onClick={onPick}
      onKeyDown={(e) => e.key === 'Enter' && onPick()}
    >
      <title>{`${label}\n${m.sender} → ${m.receiver}${m.conversationId ? `\nconversation ${m.conversationId}` : ''}${dead ? `\n${m.detail ?? ''}` : ''}`}</title>
      {self ? (
        <path class="msg-line" d={`M${x1},${y - 8} h24 v10 h-22`} marker-end="url(#msg-arrow)" />
      ) : (
        <line
          class="msg-line"
          x1={x1}
          y1={y}
          x2={end}
          y2={y}
          marker-end={dead ? undefined : 'url(#msg-arrow)'}
        />
      )}
      {dead && !self && (
        <text x={end} y={y + 4} text-anchor="middle" class="cross">
          ✕
        </text>
      )}
      <text
        x={self ? x1 + 30 : (x1 + x2) / 2}
        y={y - 4}
        text-anchor={self ? 'start' : 'middle'}
        class="message-label"
      >
        {label.length > 40 ? `${label.slice(0, 39)}…` : label}
      </text>
    </g>
  );
}
