/**
 * Summarizes a V8 CPU profile (`node --cpu-prof`): self time per function and per area (XState, the bus, the
 * runtime, the protocol, the benchmark, GC). Usage:
 *
 *   node bench/results/build/bench/profile-summary.js <file.cpuprofile | dir> [top=30]
 *
 * Given a directory, it reads the largest profile in it (the kernel's process, not the launcher's).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: {
    readonly functionName: string;
    readonly url: string;
    readonly lineNumber: number;
  };
}

interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
}

const AREAS: readonly (readonly [string, RegExp])[] = [
  ['xstate', /node_modules\/xstate\//],
  ['rxjs', /node_modules\/rxjs\//],
  ['polis bus', /\/src\/bus\//],
  ['polis runtime', /\/src\/runtime\//],
  ['polis protocol', /\/src\/protocol\//],
  ['benchmark', /\/bench\//],
];

function areaOf(node: ProfileNode): string {
  const { url, functionName } = node.callFrame;
  for (const [name, pattern] of AREAS) if (pattern.test(url)) return name;
  if (functionName === '(garbage collector)') return 'gc';
  if (functionName === '(idle)' || functionName === '(program)') return functionName;
  return url === '' ? 'v8 builtins' : 'other';
}

function label(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const file = url.split('/').slice(-2).join('/');
  return `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}`;
}

/**
 * Self-time shares of a profile, by function and by area, highest first.
 *
 * @example
 * const { functions, areas } = selfTimes(JSON.parse(readFileSync(path, 'utf8')));
 */
export function selfTimes(profile: Profile): {
  readonly functions: [string, number][];
  readonly areas: [string, number][];
} {
  const hits = new Map<number, number>();
  for (const id of profile.samples) hits.set(id, (hits.get(id) ?? 0) + 1);
  const byFunction = new Map<string, number>();
  const byArea = new Map<string, number>();
  const total = profile.samples.length;
  for (const node of profile.nodes) {
    const n = hits.get(node.id) ?? 0;
    if (n === 0) continue;
    byFunction.set(label(node), (byFunction.get(label(node)) ?? 0) + n / total);
    byArea.set(areaOf(node), (byArea.get(areaOf(node)) ?? 0) + n / total);
  }
  const sorted = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1]);
  return { functions: sorted(byFunction), areas: sorted(byArea) };
}

/** The profile itself, or the largest `.cpuprofile` in a directory. */
function profilePath(path: string): string {
  if (!statSync(path).isDirectory()) return path;
  const files = readdirSync(path)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => join(path, f))
    .sort((a, b) => statSync(b).size - statSync(a).size);
  if (files[0] === undefined) throw new Error(`no .cpuprofile in ${path}`);
  return files[0];
}

function main(): void {
  const [path, top = '30'] = process.argv.slice(2);
  if (path === undefined) throw new Error('usage: profile-summary <file.cpuprofile | dir> [top]');
  const { functions, areas } = selfTimes(JSON.parse(readFileSync(profilePath(path), 'utf8')) as Profile);
  const line = ([name, share]: [string, number]) => `${(share * 100).toFixed(1).padStart(5)} %  ${name}`;
  console.log('self time by area');
  for (const entry of areas) console.log(line(entry));
  console.log(`\nself time by function (top ${top})`);
  for (const entry of functions.slice(0, Number(top))) console.log(line(entry));
}

if (import.meta.url === `file://${process.argv[1]}`) main();
