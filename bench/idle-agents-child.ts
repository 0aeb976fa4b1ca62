/**
 * One fresh process for the idle-agents kernel: creates `count` ring members (bare actors or Polis agents),
 * which sit idle, reads the peak RSS, then passes a token once around the ring. Prints one JSON line.
 *
 *   node --import tsx bench/idle-agents-child.ts <bare|polis> <count>
 */
import { readFileSync } from 'node:fs';
import { BareNetwork } from './bare-network.js';
import { time } from './harness.js';
import { memberId, nextMemberId, ringMember } from './kernels/thread-ring.js';
import { benchSystem, PolisWiring } from './polis-system.js';
import type { Wiring } from './wiring.js';

/** What one child reports. Sizes in MB, times in ms. */
export interface IdleReport {
  readonly variant: string;
  readonly count: number;
  readonly rssBeforeMb: number;
  readonly peakRssAfterCreateMb: number;
  readonly heapUsedAfterCreateMb: number;
  readonly createMs: number;
  readonly createWallMs: number;
  readonly lapMs: number;
  readonly lapWallMs: number;
  readonly lapHops: number;
  readonly peakRssMb: number;
}

/** A field of /proc/self/status in MB (VmRSS, VmHWM = peak resident set). */
function status(field: 'VmRSS' | 'VmHWM'): number {
  const line = readFileSync('/proc/self/status', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${field}:`));
  return Number(line?.match(/(\d+)/)?.[1] ?? Number.NaN) / 1024;
}

const mb = (bytes: number) => bytes / 1024 / 1024;

/** Creates the ring on `wiring`, reads memory while it sits idle, then times one lap of the token. */
function measure(wiring: Wiring, count: number): Omit<IdleReport, 'variant' | 'count' | 'rssBeforeMb'> {
  const created = time(() =>
    Array.from({ length: count }, (_, i) =>
      wiring.spawn(ringMember, memberId(i), { next: nextMemberId(i, count) }),
    ),
  );
  const peakRssAfterCreateMb = status('VmHWM');
  const heapUsedAfterCreateMb = mb(process.memoryUsage().heapUsed);
  const token = { kind: 'token', hops: count };
  const lap = time(() => wiring.kick(memberId(0), 'inform', token));
  const lapHops = created.value.reduce((sum, a) => sum + a.getSnapshot().context.passed, 0);
  return {
    peakRssAfterCreateMb,
    heapUsedAfterCreateMb,
    createMs: created.ms,
    createWallMs: created.wallMs,
    lapMs: lap.ms,
    lapWallMs: lap.wallMs,
    lapHops,
    peakRssMb: status('VmHWM'),
  };
}

function main(): void {
  const [variant = 'polis', countText = '100000'] = process.argv.slice(2);
  const count = Number(countText);
  const rssBeforeMb = status('VmRSS');
  const wiring = variant === 'bare' ? new BareNetwork() : new PolisWiring(benchSystem());
  const measured = measure(wiring, count);
  const report: IdleReport = { variant, count, rssBeforeMb, ...measured };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

main();
