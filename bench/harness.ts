/**
 * The benchmark harness: runs variants of one kernel interleaved (A B A B …) in the same process, after a
 * warm-up. It collects garbage once before the warm-up, never between samples: a forced full collection
 * deoptimizes every function whose optimized code refers to an object that died (here: the previous
 * sample's system), and the next ~20,000 messages then run 5–25× slower while V8 re-optimizes — an
 * artifact that would charge the variant with more code (Polis) ~30 ms per sample.
 */

/**
 * One timed sample: `ops` units of work (messages, actors) done in `ms` milliseconds of this process's CPU
 * time (user + system, all threads). `wallMs` is the elapsed time. CPU time is what the results use: on a
 * shared machine elapsed time also counts the time other processes held the cores.
 */
export interface Sample {
  readonly ms: number;
  readonly wallMs: number;
  readonly ops: number;
}

/** A way to run a kernel. `run` sets up untimed, times only the work, checks the outcome, and reports. */
export interface Variant {
  readonly name: string;
  run(): Sample;
}

export interface InterleaveOptions {
  readonly runs: number;
  readonly warmup: number;
}

/** Every sample of every variant, in the order taken. */
export type Samples = Record<string, Sample[]>;

const collect: (() => void) | undefined = (globalThis as { gc?: () => void }).gc;

/** Collects garbage when Node runs with `--expose-gc`. */
export function collectGarbage(): void {
  collect?.();
}

/**
 * The variants to run: all, or those whose name starts with `only` (e.g. `polis` to profile that side).
 *
 * @example
 * interleave(select([bare, polis], options.only), options)
 */
export function select(variants: readonly Variant[], only: string | undefined): Variant[] {
  return variants.filter((v) => only === undefined || v.name.startsWith(only));
}

/**
 * Runs `warmup` untimed rounds, then `runs` rounds, each running every variant once, alternately in order
 * and in reverse.
 *
 * @example
 * const samples = interleave([bare, polis], { runs: 10, warmup: 2 });
 */
export function interleave(variants: readonly Variant[], options: InterleaveOptions): Samples {
  const samples: Samples = {};
  for (const variant of variants) samples[variant.name] = [];
  collectGarbage();
  for (let round = 0; round < options.warmup; round++) {
    for (const variant of variants) variant.run();
  }
  for (let round = 0; round < options.runs; round++) {
    // Every other round runs in reverse (A B, B A, …), so each variant follows the other equally often and
    // pays for the other's leftover garbage as often as it leaves its own.
    const order = round % 2 === 0 ? variants : [...variants].reverse();
    for (const variant of order) samples[variant.name]!.push(variant.run());
  }
  return samples;
}

/**
 * Runs `fn` as one sample of `ops` units of work.
 *
 * @example
 * const sample = timed(80_000, () => system.run());
 */
export function timed(ops: number, fn: () => void): Sample {
  const { ms, wallMs } = time(fn);
  return { ms, wallMs, ops };
}

/**
 * Times `fn`: CPU milliseconds of this process (`ms`) and elapsed milliseconds (`wallMs`).
 *
 * @example
 * const { ms, wallMs } = time(() => system.run());
 */
export function time<T>(fn: () => T): { readonly ms: number; readonly wallMs: number; readonly value: T } {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const value = fn();
  const wallMs = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { ms: (used.user + used.system) / 1000, wallMs, value };
}

/**
 * The `--name=value` flags among command-line arguments (a bare `--name` is `'true'`), and the other
 * arguments in order.
 *
 * @example
 * const runs = Number(parseArgv(process.argv.slice(2)).flags.get('runs') ?? 5);
 */
export function parseArgv(argv: readonly string[]): {
  readonly flags: ReadonlyMap<string, string>;
  readonly names: readonly string[];
} {
  const flags = new Map<string, string>();
  const names: string[] = [];
  for (const arg of argv) {
    const flag = arg.match(/^--([a-z-]+)(?:=(.*))?$/);
    if (flag) flags.set(flag[1]!, flag[2] ?? 'true');
    else names.push(arg);
  }
  return { flags, names };
}

/**
 * The median of some numbers (the mean of the middle two for an even count).
 *
 * @example
 * median([3, 1, 2]) // 2
 */
export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

/**
 * The q-quantile of some numbers, interpolated linearly between the nearest ranks.
 *
 * @example
 * quantile([1, 2, 3, 4], 0.25) // 1.75
 */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  const high = Math.ceil(at);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (at - low);
}

/** Units of work per second of a sample. */
export function perSecond(sample: Sample): number {
  return (sample.ops / sample.ms) * 1000;
}

/** Nanoseconds per unit of work of a sample. */
export function nsPerOp(sample: Sample): number {
  return (sample.ms * 1e6) / sample.ops;
}

/**
 * The median of one variant's samples under a measure (throughput, ns per op, …); NaN if it did not run.
 *
 * @example
 * medianOf(samples, 'polis', perSecond)
 */
export function medianOf(samples: Samples, name: string, measure: (sample: Sample) => number): number {
  return median((samples[name] ?? []).map(measure));
}

/** Throws when a kernel did not do the work it claims, so a broken variant never reports a fast time. */
export function check(condition: boolean, what: string): asserts condition {
  if (!condition) throw new Error(`benchmark check failed: ${what}`);
}
