import { interleave, type Sample, select } from './harness.js';
import { type Kernel, throughputRow } from './report.js';

/** A kernel measured as throughput, bare XState against Polis. */
export interface ThroughputKernelSpec {
  readonly name: string;
  readonly summary: string;
  /** What one unit of work is, per second: `messages/s`, `hops/s`, `actors/s`. */
  readonly unit: string;
  /** The least share of bare throughput Polis must reach, e.g. 0.85. */
  readonly target: number;
  /** One bare sample: sets up untimed, times the work, checks its outcome. */
  readonly bare: () => Sample;
  /** One Polis sample, the same way. */
  readonly polis: () => Sample;
}

/**
 * A Savina-style kernel: the bare and Polis samples interleaved, reported as one throughput row.
 *
 * @example
 * export const pingPong = throughputKernel({ name: 'ping-pong', summary: '…', unit: 'messages/s',
 *   target: 0.85, bare: () => play(new BareNetwork()), polis: () => play(new PolisWiring(system())) });
 */
export function throughputKernel(spec: ThroughputKernelSpec): Kernel {
  return {
    name: spec.name,
    summary: spec.summary,
    run({ runs, warmup, only }) {
      const variants = [
        { name: 'bare', run: spec.bare },
        { name: 'polis', run: spec.polis },
      ];
      const samples = interleave(select(variants, only), { runs, warmup });
      return { rows: [throughputRow(spec.name, spec.unit, samples, spec.target)], raw: { samples } };
    },
  };
}
