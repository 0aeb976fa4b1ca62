import { medianOf, perSecond, type Samples } from './harness.js';

/** One line of the results table. `pass` is undefined for rows that inform and have no target. */
export interface Row {
  readonly kernel: string;
  readonly measure: string;
  readonly bare: string;
  readonly polis: string;
  readonly result: string;
  readonly target: string;
  readonly pass: boolean | undefined;
}

/** What a kernel hands back: table rows and the raw numbers behind them. */
export interface KernelReport {
  readonly rows: readonly Row[];
  readonly raw: Record<string, unknown>;
}

export interface KernelOptions {
  /** Timed runs per variant. */
  readonly runs: number;
  readonly warmup: number;
  /** Run only the variant with this name (`bare` or `polis`), e.g. to profile one side. */
  readonly only: string | undefined;
}

/** A benchmark kernel: one file under `bench/kernels/`. */
export interface Kernel {
  readonly name: string;
  readonly summary: string;
  run(options: KernelOptions): KernelReport;
}

/**
 * Formats a number with thousands separators and a fixed count of decimals.
 *
 * @example
 * fmt(1234567.8) // '1,234,568'
 */
export function fmt(value: number, decimals = 0): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/** `12.3 %` from a ratio of 0.123. */
export function pct(ratio: number): string {
  return `${(ratio * 100).toFixed(1)} %`;
}

/**
 * The throughput row of a bare-vs-Polis kernel: medians of both, and Polis's median as a share of bare's.
 *
 * @example
 * throughputRow('ping-pong', 'messages/s', samples, 0.85)
 */
export function throughputRow(kernel: string, unit: string, samples: Samples, target: number): Row {
  const bare = medianOf(samples, 'bare', perSecond);
  const polis = medianOf(samples, 'polis', perSecond);
  const ratio = polis / bare;
  return {
    kernel,
    measure: `throughput (${unit}, median)`,
    bare: fmt(bare),
    polis: fmt(polis),
    result: pct(ratio),
    target: `≥ ${pct(target)}`,
    pass: Number.isFinite(ratio) ? ratio >= target : undefined,
  };
}

/**
 * The results as a Markdown table.
 *
 * @example
 * console.log(markdownTable(rows));
 */
export function markdownTable(rows: readonly Row[]): string {
  const head = '| kernel | measure | bare XState | Polis | result | target | pass |';
  const rule = '|---|---|--:|--:|--:|---|---|';
  const lines = rows.map(
    (r) =>
      `| ${r.kernel} | ${r.measure} | ${r.bare} | ${r.polis} | ${r.result} | ${r.target} | ${verdict(r.pass)} |`,
  );
  return [head, rule, ...lines].join('\n');
}

function verdict(pass: boolean | undefined): string {
  if (pass === undefined) return '–';
  return pass ? 'yes' : '**no**';
}
