import { useEffect, useMemo, useState } from 'preact/hooks';
import type { ChartNode } from '../../src/inspect/chart-definition.js';
import { activeLeafIds, activeStateIds } from '../../src/inspect/chart-state.js';
import type { TakenTransition } from '../../src/inspect/wire.js';
import { ArrowMarker } from './arrow-marker.js';
import { type ChartLayout, layoutChart } from './layout.js';

interface Props {
  readonly defKey: string;
  readonly chart: ChartNode;
  readonly value: unknown;
  readonly taken: readonly TakenTransition[];
}

/** The selected actor's statechart: nested states laid out by ELK, active states and the last transition marked. */
export function Statechart({ defKey, chart, value, taken }: Props) {
  const [layout, setLayout] = useState<ChartLayout | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [fit, setFit] = useState(true);
  useEffect(() => {
    let live = true;
    setLayout(undefined);
    setError(undefined);
    layoutChart(defKey, chart).then(
      (result) => live && setLayout(result),
      (e: unknown) => live && setError(String(e)),
    );
    return () => {
      live = false;
    };
  }, [defKey, chart]);
  const active = useMemo(() => activeStateIds(chart, value), [chart, value]);
  const leaves = useMemo(() => new Set(activeLeafIds(chart, value)), [chart, value]);
  if (error !== undefined) return <div class="empty">could not lay out this chart: {error}</div>;
  if (layout === undefined) return <div class="empty">laying out {chart.id}…</div>;
  const isTaken = (source: string, event: string, target: string) =>
    taken.some((t) => t.source === source && t.event === event && t.targets.includes(target));
  return (
    <div class={`chart ${fit ? 'fit' : 'actual'}`} data-testid="statechart" data-machine={chart.id}>
      <button type="button" class="chart-zoom" onClick={() => setFit(!fit)}>
        {fit ? '1:1' : 'fit'}
      </button>
      <svg
        viewBox={`0 0 ${layout.width} ${layout.height}`}
        width={fit ? '100%' : layout.width}
        height={fit ? '100%' : layout.height}
        preserveAspectRatio="xMidYMin meet"
        role="img"
        aria-label={`statechart of ${chart.id}`}
      >
        <defs>
          <ArrowMarker id="arrow" headClass="arrowhead" />
          <ArrowMarker id="arrow-last" headClass="arrowhead last" />
        </defs>
        {layout.states.map((s) => {
          const on = active.has(s.node.id);
          const leaf = leaves.has(s.node.id);
          return (
            <g
              key={s.node.id}
              class={`state ${s.node.type}${on ? ' active' : ''}${leaf ? ' leaf' : ''}`}
              data-state-id={s.node.id}
              data-active={on ? 'true' : 'false'}
              data-leaf={leaf ? 'true' : 'false'}
            >
              <rect x={s.x} y={s.y} width={s.width} height={s.height} rx={8} />
              {s.node.type === 'final' && (
                <rect
                  x={s.x + 3}
                  y={s.y + 3}
                  width={s.width - 6}
                  height={s.height - 6}
                  rx={6}
                  class="inner"
                />
              )}
              <text x={s.x + 10} y={s.y + 17} class="state-name">
                {s.node.key}
                {s.node.tags.length > 0 ? `  #${s.node.tags.join(' #')}` : ''}
              </text>
              {s.lines.map((line, i) => (
                <text key={line} x={s.x + 10} y={s.y + 33 + i * 14} class="state-line">
                  {line}
                </text>
              ))}
            </g>
          );
        })}
        {layout.initials.map((initial) => (
          <g key={`${initial.x},${initial.y}`} class="initial">
            <circle cx={initial.x} cy={initial.y} r={4} />
            <path class="initial-line" d={pathOf(initial.points)} marker-end="url(#arrow)" />
          </g>
        ))}
        {layout.edges.map((edge) => {
          const last = isTaken(edge.source, edge.transition.event, edge.target);
          return (
            <g
              key={edge.id}
              class={`edge${last ? ' last' : ''}`}
              data-edge={edge.id}
              data-last={last ? 'true' : 'false'}
            >
              <path d={pathOf(edge.points)} marker-end={last ? 'url(#arrow-last)' : 'url(#arrow)'} />
              <text x={edge.label.x} y={edge.label.y + 11} class="edge-label">
                {edge.label.text}
              </text>
            </g>
          );
        })}
      </svg>
    </div>
  );
}

function pathOf(points: readonly { x: number; y: number }[]): string {
  return points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ');
}
