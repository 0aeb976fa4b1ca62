import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/cli.js';
import type { CliIo } from '../../src/cli/progress-bar.js';

/** Runs the CLI in-process and captures what it writes. */
async function cli(args: string[], options: { tty?: boolean; tick?: number } = {}) {
  let out = '';
  let err = '';
  let time = 0;
  const io: CliIo = {
    write: (text) => {
      out += text;
    },
    error: (text) => {
      err += text;
    },
    isTTY: options.tty ?? false,
    now: () => (time += options.tick ?? 0),
  };
  const code = await runCli(args, io);
  return { code, out, err };
}

describe('polis CLI', () => {
  it('lists scenarios and prints help with exit code 0', async () => {
    const list = await cli(['list']);
    expect(list.code).toBe(0);
    expect(list.out).toMatch(/^market\s+/m);
    expect((await cli(['help'])).code).toBe(0);
    const flags = await cli(['run', 'market', '--help']);
    expect(flags.out).toContain('--tasks');
  });

  it('exits 2 with a clear message on usage mistakes', async () => {
    const cases: Array<[string[], RegExp]> = [
      [[], /usage/],
      [['fly'], /unknown command 'fly'/],
      [['run'], /name a scenario/],
      [['run', 'bazaar'], /unknown scenario 'bazaar'; known: .*market/],
      [['run', 'market', '--tasks', 'many'], /--tasks takes a whole number, not 'many'/],
      [['run', 'market', '--tasks=-3'], /--tasks must be between 0 and/],
      [['run', 'market', '--frobnicate'], /Unknown option '--frobnicate'.*takes --seed/],
      [['run', 'market', 'extra'], /Unexpected argument 'extra'/],
    ];
    for (const [args, message] of cases) {
      const result = await cli(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.err, args.join(' ')).toMatch(message);
    }
  });

  it('prints the report as one JSON object with --json, identical for the same seed', async () => {
    const first = await cli(['run', 'market', '--tasks', '40', '--seed', '9', '--json']);
    const second = await cli(['run', 'market', '--tasks', '40', '--seed', '9', '--json']);
    expect(first.code).toBe(0);
    expect(second.out).toBe(first.out);
    const report = JSON.parse(first.out);
    expect(Object.keys(report.tasks).sort()).toEqual([
      'announced',
      'awarded',
      'completed',
      'failed',
      'reannouncements',
    ]);
    expect(Object.keys(report.messages).sort()).toEqual([
      'deadLettered',
      'delivered',
      'inFlight',
      'published',
    ]);
    for (const value of [...Object.values(report.tasks), ...Object.values(report.messages)])
      expect(typeof value).toBe('number');
  });

  it('draws a progress bar on a terminal only, once a run has taken a second', async () => {
    const tty = await cli(['run', 'market', '--tasks', '200'], { tty: true, tick: 400 });
    expect(tty.err).toContain('%');
    const piped = await cli(['run', 'market', '--tasks', '200'], { tty: false, tick: 400 });
    expect(piped.err).toBe('');
    const quick = await cli(['run', 'market', '--tasks', '200'], { tty: true, tick: 0 });
    expect(quick.err).toBe('');
  });

  it('sets the process exit code from the real binary', async () => {
    const run = promisify(execFile);
    const ok = await run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'list']);
    expect(ok.stdout).toContain('market');
    const bad = await run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'run', 'nowhere']).catch(
      (e) => e,
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("unknown scenario 'nowhere'");
  });
});
