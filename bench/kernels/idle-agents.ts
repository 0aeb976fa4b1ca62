import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { median } from '../harness.js';
import type { IdleReport } from '../idle-agents-child.js';
import { fmt, type Kernel, type Row } from '../report.js';

const AGENTS = 100_000;
const TARGET_RSS_MB = 600;
const TARGET_CREATE_MS = 10_000;

/** The child script next to this kernel's folder, in whichever form (.ts under tsx, .js compiled) runs now. */
function childPath(): string {
  const extension = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  return fileURLToPath(new URL(`../idle-agents-child${extension}`, import.meta.url));
}

/**
 * One fresh process. It gets the loader flags this process has (tsx, when running from source) but not the
 * young-generation size: memory is measured as Node runs by default.
 */
function runChild(variant: string): IdleReport {
  const loader = process.execArgv.filter((arg, i, all) => arg === '--import' || all[i - 1] === '--import');
  const output = execFileSync(process.execPath, [...loader, childPath(), variant, String(AGENTS)], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  return JSON.parse(output.trim().split('\n').at(-1) ?? '{}') as IdleReport;
}

function mid(reports: readonly IdleReport[], field: keyof IdleReport): number {
  return median(reports.map((r) => Number(r[field])));
}

function rows(bare: readonly IdleReport[], polis: readonly IdleReport[]): Row[] {
  const kernel = 'idle-agents';
  const rss = mid(polis, 'peakRssAfterCreateMb');
  const create = mid(polis, 'createMs');
  const lapped = polis.length > 0 && polis.every((r) => r.lapHops === AGENTS);
  const seconds = (reports: readonly IdleReport[], cpu: keyof IdleReport, wall: keyof IdleReport) =>
    `${fmt(mid(reports, cpu) / 1000, 2)} s (wall ${fmt(mid(reports, wall) / 1000, 2)} s)`;
  return [
    {
      kernel,
      measure: `peak RSS with ${fmt(AGENTS)} idle agents (MB, median)`,
      bare: fmt(mid(bare, 'peakRssAfterCreateMb')),
      polis: fmt(rss),
      result: `${fmt(rss)} MB`,
      target: `≤ ${TARGET_RSS_MB} MB`,
      pass: polis.length > 0 ? rss <= TARGET_RSS_MB : undefined,
    },
    {
      kernel,
      measure: `heap used with ${fmt(AGENTS)} idle agents (MB, median)`,
      bare: fmt(mid(bare, 'heapUsedAfterCreateMb')),
      polis: fmt(mid(polis, 'heapUsedAfterCreateMb')),
      result: `+${fmt(((mid(polis, 'heapUsedAfterCreateMb') - mid(bare, 'heapUsedAfterCreateMb')) * 1024 * 1024) / AGENTS)} B/agent`,
      target: '–',
      pass: undefined,
    },
    {
      kernel,
      measure: `time to create ${fmt(AGENTS)} agents (CPU, median)`,
      bare: seconds(bare, 'createMs', 'createWallMs'),
      polis: seconds(polis, 'createMs', 'createWallMs'),
      result: `${fmt(create / 1000, 2)} s`,
      target: `≤ ${TARGET_CREATE_MS / 1000} s`,
      pass: polis.length > 0 ? create <= TARGET_CREATE_MS : undefined,
    },
    {
      kernel,
      measure: `a ${fmt(AGENTS)}-agent ring passes a token once around`,
      bare: seconds(bare, 'lapMs', 'lapWallMs'),
      polis: seconds(polis, 'lapMs', 'lapWallMs'),
      result: lapped ? `lap completes (${fmt(AGENTS)} hops)` : 'lap incomplete',
      target: 'completes',
      pass: polis.length > 0 ? lapped : undefined,
    },
  ];
}

export const idleAgents: Kernel = {
  name: 'idle-agents',
  summary: `${fmt(AGENTS)} idle ring members in a fresh process each run: peak RSS, creation time, one lap`,
  run({ runs, only }) {
    const reports: Record<string, IdleReport[]> = { bare: [], polis: [] };
    const variants = ['bare', 'polis'].filter((v) => only === undefined || v.startsWith(only));
    for (let round = 0; round < runs; round++) {
      for (const variant of variants) reports[variant]!.push(runChild(variant));
    }
    return { rows: rows(reports.bare!, reports.polis!), raw: { reports } };
  },
};
