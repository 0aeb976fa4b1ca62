/**
 * One fresh process for the idle-agents kernel: creates `count` ring members (bare actors or Polis agents),
 * which sit idle, reads the peak RSS, then passes a token once around the ring. Prints one JSON line.
 *
 *   node --import tsx bench/idle-agents-child.ts <bare|polis> <count>
 */
import { readFileSync } from 'node:fs';
import { BareNetwork } from './bare-network.js';
import { time } from './harness.js';
import { memberId, ringMember } from './kernels/thread-ring.js';
import { benchSystem } from './polis-system.js';

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
const nextOf = (i: number, count: number) => memberId((i + 1) % count);
const token = (hops: number) => ({ kind: 'token', hops }) as const;

function runBare(count: number): Omit<IdleReport, 'variant' | 'count' | 'rssBeforeMb'> {
  const net = new BareNetwork();
  const created = time(() =>
    Array.from({ length: count }, (_, i) => net.spawn(ringMember, memberId(i), { next: nextOf(i, count) })),
  );
  const peakRssAfterCreateMb = status('VmHWM');
  const heapUsedAfterCreateMb = mb(process.memoryUsage().heapUsed);
  const lap = time(() => {
    net.post(memberId(0), { type: 'inform', sender: 'main', content: token(count) });
    net.run();
  });
  const lapHops = created.value.reduce((sum, a) => sum + (a.getSnapshot().context.passed as number), 0);
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

function runPolis(count: number): Omit<IdleReport, 'variant' | 'count' | 'rssBeforeMb'> {
  const system = benchSystem();
  const created = time(() =>
    Array.from({ length: count }, (_, i) =>
      system.spawn(ringMember, { id: memberId(i), input: { next: nextOf(i, count) } }),
    ),
  );
  const peakRssAfterCreateMb = status('VmHWM');
  const heapUsedAfterCreateMb = mb(process.memoryUsage().heapUsed);
  const main = system.endpoint('main');
  const lap = time(() => {
    main.send({ performative: 'inform', receiver: memberId(0), content: token(count) });
    system.run();
  });
  const lapHops = created.value.reduce((sum, a) => sum + a.actor.getSnapshot().context.passed, 0);
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
  const measured = variant === 'bare' ? runBare(count) : runPolis(count);
  const report: IdleReport = { variant, count, rssBeforeMb, ...measured };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

main();
