import type { MetricSample } from '../../src/inspect/wire.js';
import { compact } from './format.js';

interface Series {
  readonly name: string;
  readonly points: readonly { x: number; y: number }[];
}

const COLORS = ['#2f7ed8', '#e4572e', '#29a36a', '#a05cd6', '#f0a202'];

/** A small line chart of one or more series over time. */
export function LineChart({
  title,
  series,
  unit = '',
}: {
  title: string;
  series: readonly Series[];
  unit?: string;
}) {
  const width = 320;
  const height = 120;
  const pad = { left: 40, right: 8, top: 18, bottom: 16 };
  const all = series.flatMap((s) => s.points);
  const xs = all.map((p) => p.x);
  const minX = Math.min(...xs);
  const maxX = Math.max(...xs);
  const maxY = Math.max(1, ...all.map((p) => p.y));
  const sx = (x: number) =>
    pad.left + ((x - minX) / Math.max(1, maxX - minX)) * (width - pad.left - pad.right);
  const sy = (y: number) => height - pad.bottom - (y / maxY) * (height - pad.top - pad.bottom);
  const latest = series.map((s) => s.points[s.points.length - 1]?.y ?? 0);
  return (
    <figure class="chart-box" data-testid={`chart-${title}`}>
      <figcaption>
        {title}{' '}
        <span class="muted">
          now {latest.map((v) => compact(v)).join(' / ')}
          {unit}
        </span>
      </figcaption>
      <svg width={width} height={height} role="img" aria-label={title}>
        <line x1={pad.left} y1={sy(0)} x2={width - pad.right} y2={sy(0)} class="axis" />
        <text x={pad.left - 4} y={sy(maxY) + 4} text-anchor="end" class="tick">
          {compact(maxY)}
        </text>
        <text x={pad.left - 4} y={sy(0)} text-anchor="end" class="tick">
          0
        </text>
        {all.length > 1 &&
          series.map((s, i) => (
            <polyline
              key={s.name}
              points={s.points.map((p) => `${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join(' ')}
              fill="none"
              stroke={COLORS[i % COLORS.length]}
              stroke-width={1.5}
            />
          ))}
      </svg>
      {series.length > 1 && (
        <div class="legend">
          {series.map((s, i) => (
            <span key={s.name} style={{ color: COLORS[i % COLORS.length] }}>
              ■ {s.name}{' '}
            </span>
          ))}
        </div>
      )}
    </figure>
  );
}

/** A tiny line of recent values. */
export function Sparkline({
  values,
  width = 90,
  height = 20,
}: {
  values: readonly number[];
  width?: number;
  height?: number;
}) {
  if (values.length < 2)
    return <svg width={width} height={height} class="sparkline" role="img" aria-label="no trend yet" />;
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min || 1;
  const points = values
    .map(
      (v, i) =>
        `${((i / (values.length - 1)) * width).toFixed(1)},${(height - 2 - ((v - min) / span) * (height - 4)).toFixed(1)}`,
    )
    .join(' ');
  return (
    <svg
      width={width}
      height={height}
      class="sparkline"
      data-testid="sparkline"
      role="img"
      aria-label="score trend"
    >
      <polyline points={points} fill="none" stroke="currentColor" stroke-width={1.3} />
    </svg>
  );
}

const MAX_SERIES = 5;

/** When a system last did anything (sent, dead-lettered, had mail waiting), or its first sample. */
function lastBusy(samples: readonly MetricSample[]): number {
  for (let i = samples.length - 1; i >= 0; i--) {
    const s = samples[i]!;
    if (s.messagesPerSecond > 0 || s.deadLettersPerSecond > 0 || s.depth > 0) return s.at;
  }
  return samples[0]?.at ?? 0;
}

/** Messages per second, dead letters and mailbox depth, one line per system (the five busy most recently). */
export function MetricsPanel({
  metrics,
  names,
}: {
  metrics: readonly MetricSample[];
  names: (source: string) => string;
}) {
  const bySystem = new Map<string, MetricSample[]>();
  for (const sample of metrics) {
    const key = `${names(sample.source)}/${sample.system}`;
    const list = bySystem.get(key) ?? [];
    list.push(sample);
    bySystem.set(key, list);
  }
  // The systems busy most recently first: a scenario that runs phases leaves the finished ones behind.
  const shown = [...bySystem.entries()]
    .map(([name, samples]) => ({ name, samples, busy: lastBusy(samples) }))
    .sort((a, b) => b.busy - a.busy)
    .slice(0, MAX_SERIES);
  const series = (pick: (s: MetricSample) => number): Series[] =>
    shown.map(({ name, samples }) => ({
      name,
      points: samples.slice(-120).map((s) => ({ x: s.at, y: pick(s) })),
    }));
  if (metrics.length === 0) return <div class="empty">no metrics yet: they are sampled once a second</div>;
  return (
    <div class="charts" data-testid="metrics">
      <LineChart title="messages per second" series={series((s) => s.messagesPerSecond)} />
      <LineChart title="dead letters per second" series={series((s) => s.deadLettersPerSecond)} />
      <LineChart title="mailbox depth (total)" series={series((s) => s.depth)} />
      <LineChart title="deepest mailbox" series={series((s) => s.maxDepth)} />
    </div>
  );
}
