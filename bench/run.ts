/**
 * Runs the benchmarks and prints the results table. `npm run bench` compiles first (see build.mjs) and runs
 * this file as plain JavaScript.
 *
 *   npm run bench                          every kernel
 *   npm run bench -- ping-pong counting    some kernels
 *   npm run bench -- --runs=20 --warmup=3  more samples
 *   npm run bench -- ping-pong --only=polis --runs=3   one side only (for profiling)
 *
 * Raw numbers go to bench/results/latest.json (or --out=<path>; none with --no-write).
 */
import { execFileSync, execSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgv } from './harness.js';
import { burst } from './kernels/burst.js';
import { busOverhead } from './kernels/bus-overhead.js';
import { counting } from './kernels/counting.js';
import { forkJoinCreate } from './kernels/fork-join-create.js';
import { idleAgents } from './kernels/idle-agents.js';
import { pingPong } from './kernels/ping-pong.js';
import { routing } from './kernels/routing.js';
import { threadRing } from './kernels/thread-ring.js';
import { projectRoot } from './paths.js';
import { type Kernel, type KernelReport, markdownTable, type Row } from './report.js';

const KERNELS: readonly Kernel[] = [
  pingPong,
  counting,
  threadRing,
  forkJoinCreate,
  busOverhead,
  routing,
  burst,
  idleAgents,
];

/**
 * Runs per kernel when --runs is not given. Short samples get more runs; each idle-agents run is a fresh
 * process of several seconds.
 */
const DEFAULT_RUNS: Readonly<Record<string, number>> = { 'bus-overhead': 30, routing: 15, 'idle-agents': 3 };
const RUNS = 15;

function runsOf(kernel: Kernel, args: Args): number {
  return args.runs ?? DEFAULT_RUNS[kernel.name] ?? RUNS;
}

interface Args {
  readonly kernels: readonly Kernel[];
  readonly runs: number | undefined;
  readonly warmup: number;
  readonly only: string | undefined;
  readonly write: boolean;
  readonly out: string | undefined;
}

function parseArgs(argv: readonly string[]): Args {
  const { flags, names } = parseArgv(argv);
  const unknown = names.filter((n) => !KERNELS.some((k) => k.name === n));
  if (unknown.length > 0) {
    throw new Error(
      `unknown kernel ${unknown.join(', ')}; pick from ${KERNELS.map((k) => k.name).join(', ')}`,
    );
  }
  return {
    kernels: names.length === 0 ? KERNELS : KERNELS.filter((k) => names.includes(k.name)),
    runs: flags.has('runs') ? Number(flags.get('runs')) : undefined,
    warmup: Number(flags.get('warmup') ?? 3),
    only: flags.get('only'),
    write: !flags.has('no-write'),
    out: flags.get('out'),
  };
}

function packageVersion(name: string): string {
  try {
    const path = join(projectRoot, 'node_modules', name, 'package.json');
    return (JSON.parse(readFileSync(path, 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

function cpuModel(): string {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    return line?.split(':')[1]?.trim() ?? cpus()[0]?.model ?? 'unknown';
  } catch {
    return cpus()[0]?.model ?? 'unknown';
  }
}

function commit(): string {
  try {
    return execSync('git rev-parse --short HEAD', {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return 'unknown';
  }
}

/** Which core the build compiled: `src`, or the copy given to `build.mjs --src=…`. */
function core(): string {
  try {
    const path = join(projectRoot, 'bench', 'results', 'build', 'core.json');
    return (JSON.parse(readFileSync(path, 'utf8')) as { core: string }).core;
  } catch {
    return 'src (from source)';
  }
}

function machine() {
  return {
    core: core(),
    date: new Date().toISOString(),
    node: process.version,
    v8: process.versions.v8,
    xstate: packageVersion('xstate'),
    flags: process.execArgv.join(' '),
    cpu: cpuModel(),
    cores: availableParallelism(),
    memoryGb: Math.round(totalmem() / 1024 ** 3),
    commit: commit(),
    gcExposed: typeof (globalThis as { gc?: unknown }).gc === 'function',
  };
}

type KernelResult = KernelReport & { readonly seconds: number; readonly load: number[] };

const CHILD_FLAG = '--kernel-child';

/** In a child: runs one kernel and prints its report as the last line of output. */
function runChild(args: Args): void {
  const kernel = args.kernels[0]!;
  const runs = runsOf(kernel, args);
  const start = performance.now();
  const report = kernel.run({ runs, warmup: args.warmup, only: args.only });
  const result: KernelResult = { ...report, seconds: (performance.now() - start) / 1000, load: loadavg() };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/**
 * Runs one kernel in a fresh process with this process's flags, so no kernel inherits another's heap or
 * inline caches: a kernel measures the same alone as in the full suite.
 */
function spawnKernel(kernel: Kernel, args: Args): KernelResult {
  const argv = [kernel.name, CHILD_FLAG, `--warmup=${args.warmup}`];
  if (args.runs !== undefined) argv.push(`--runs=${args.runs}`);
  if (args.only !== undefined) argv.push(`--only=${args.only}`);
  const output = execFileSync(
    process.execPath,
    [...process.execArgv, fileURLToPath(import.meta.url), ...argv],
    {
      encoding: 'utf8',
      maxBuffer: 64 << 20,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return JSON.parse(output.trim().split('\n').at(-1) ?? '{}') as KernelResult;
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  if (process.argv.includes(CHILD_FLAG)) return runChild(args);
  const info = machine();
  console.log(`${info.date}  node ${info.node} (V8 ${info.v8})  xstate ${info.xstate}  ${info.flags}`);
  console.log(
    `${info.cpu}, ${info.cores} cores, ${info.memoryGb} GB; load ${loadavg().map((l) => l.toFixed(2))}`,
  );
  console.log(`core: ${info.core}; commit ${info.commit}`);
  if (!info.gcExposed) console.log('note: run with --expose-gc so each kernel starts after a collection');
  const results: Record<string, KernelResult> = {};
  const rows: Row[] = [];
  const started = performance.now();
  for (const kernel of args.kernels) {
    const runs = runsOf(kernel, args);
    process.stdout.write(`${kernel.name}: ${kernel.summary}; ${runs} runs … `);
    const result = spawnKernel(kernel, args);
    console.log(`${result.seconds.toFixed(1)} s`);
    results[kernel.name] = result;
    rows.push(...result.rows);
  }
  console.log(`\n${markdownTable(rows)}\n`);
  console.log(
    `total ${((performance.now() - started) / 1000).toFixed(0)} s; load ${loadavg().map((l) => l.toFixed(2))}`,
  );
  if (args.write) {
    const path = args.out ?? join(projectRoot, 'bench', 'results', 'latest.json');
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `${JSON.stringify({ machine: info, rows, results }, null, 1)}\n`);
    console.log(`raw numbers: ${relative(process.cwd(), path)}`);
  }
}

main();
