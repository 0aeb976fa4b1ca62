import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/cli.js';
import { takeInspectFlag } from '../../src/cli/inspect-flag.js';
import type { CliIo } from '../../src/cli/progress-bar.js';
import { startInspector } from '../../src/inspect/inspector-server.js';
import type { SyncMessage } from '../../src/inspect/wire.js';
import { eventually, PageClient, pageSocketUrl } from './support.js';

/** Runs the CLI in-process; `whileServing` runs once the inspector listens, then Ctrl-C is "pressed". */
async function cli(
  args: string[],
  whileServing: (url: string, io: { out: string; err: string }) => Promise<void>,
) {
  const seen = { out: '', err: '' };
  let release: () => void = () => {};
  const interrupted = new Promise<void>((resolve) => {
    release = resolve;
  });
  let serving: Promise<void> = Promise.resolve();
  const io: CliIo = {
    write: (text) => {
      seen.out += text;
    },
    error: (text) => {
      seen.err += text;
    },
    isTTY: false,
    now: () => 0,
    untilInterrupted: () => interrupted,
    onInspector: (url) => {
      serving = whileServing(url, seen).finally(release);
    },
  };
  const code = await runCli(args, io);
  await serving;
  return { code, ...seen };
}

describe('polis inspect and --inspect', () => {
  it('takes --inspect with or without a port, and --speed only with it', () => {
    expect(takeInspectFlag(['--tasks', '3'])).toEqual({
      rest: ['--tasks', '3'],
      inspect: undefined,
      speed: undefined,
    });
    expect(takeInspectFlag(['--inspect', '--tasks', '3'])).toMatchObject({
      rest: ['--tasks', '3'],
      inspect: 0,
    });
    expect(takeInspectFlag(['--inspect', '4400'])).toMatchObject({ rest: [], inspect: 4400 });
    expect(takeInspectFlag(['--inspect=4401', '--speed', '5'])).toEqual({
      rest: [],
      inspect: 4401,
      speed: 5,
    });
    expect(() => takeInspectFlag(['--inspect=http'])).toThrow(/a port is a whole number/);
    expect(() => takeInspectFlag(['--inspect', '--speed', '0'])).toThrow(/--speed takes/);
    expect(() => takeInspectFlag(['--speed', '2'])).toThrow(/add --inspect/);
  });

  it('starts the inspector alone, prints where to open it and where to connect, and stops on Ctrl-C', async () => {
    let status = 0;
    const result = await cli(['inspect', '--port', '0'], async (url) => {
      status = (await fetch(url)).status;
    });
    expect(result.code).toBe(0);
    expect(status).toBe(200);
    expect(result.out).toMatch(/^inspector: http:\/\/127\.0\.0\.1:\d+\/\?token=\S+$/m);
    expect(result.out).toMatch(/^connect systems to: ws:\/\/127\.0\.0\.1:\d+\/ingest\?token=\S+$/m);
  });

  it('refuses to listen beyond loopback unless --allow-remote is given', async () => {
    const result = await cli(['inspect', '--host', '0.0.0.0'], async () => {});
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/allowRemote: true \(--allow-remote\)/);
    expect((await cli(['run', 'market', '--speed', '3'], async () => {})).code).toBe(2);
  });

  it('says so, without a stack, when the port is taken', async () => {
    const other = await startInspector();
    try {
      for (const args of [
        ['inspect', '--port', String(other.port)],
        ['run', 'market', '--inspect', String(other.port)],
      ]) {
        const result = await cli(args, async () => {});
        expect(result.code).toBe(2);
        expect(result.err).toBe(
          `polis: the inspector cannot listen on 127.0.0.1:${other.port}: port ${other.port} is taken by another program; pick another port, or 0 for a free one\n`,
        );
      }
    } finally {
      await other.close();
    }
  });

  it('runs a scenario under the inspector, prints the URL, and keeps serving after the report', async () => {
    let sync: SyncMessage | undefined;
    const result = await cli(
      ['run', 'market', '--agents', '3', '--tasks', '2', '--managers', '1', '--inspect', '--speed', '2000'],
      async (url, seen) => {
        const page = await PageClient.open(pageSocketUrl(url));
        await eventually(() => seen.out.includes('\n'), 30_000, 'the report');
        page.send({ type: 'select', actor: null });
        sync = await page.next((m): m is SyncMessage => m.type === 'sync');
        page.socket.close();
      },
    );
    expect(result.code).toBe(0);
    expect(result.err).toMatch(/^inspector: http:\/\/127\.0\.0\.1:\d+\/\?token=/m);
    expect(result.err).toMatch(/keeps serving/);
    expect(sync?.sources[0]?.name).toBe('market');
    expect(sync?.actors.length).toBeGreaterThanOrEqual(4);
    expect(sync?.messages.length).toBeGreaterThan(0);
  }, 60_000);

  it('shows a supervised scenario’s supervisor, with its controls behind the buttons, and the market’s reputation', async () => {
    const seenControls = new Set<string>();
    const panels = new Map<string, unknown>();
    const result = await cli(
      [
        'run',
        'chaos',
        '--faults',
        'kill',
        '--agents',
        '4',
        '--tasks',
        '4',
        '--managers',
        '1',
        '--inspect',
        '--speed',
        '1000',
      ],
      async (url, seen) => {
        const page = await PageClient.open(pageSocketUrl(url));
        await eventually(() => seen.out.includes('\n'), 60_000, 'the report');
        // Reputation is read off the ledger once a second: wait for the sample after the last phase.
        await eventually(
          () => {
            for (const message of page.history.splice(0)) {
              if (message.type !== 'sync' && message.type !== 'delta') continue;
              for (const source of message.sources ?? [])
                seenControls.add(String(source.controls?.available));
              for (const panel of message.panels) panels.set(panel.key, panel.data);
            }
            return panels.has('s1/reputation/ledger');
          },
          5_000,
          'the reputation panel',
        );
        page.socket.close();
      },
    );
    expect(result.code).toBe(0);
    // While a phase ran, the page's buttons were supervision's: they included its chaos switch.
    expect(seenControls).toContain('halt,resume,chaos');
    const supervisor = panels.get('s1/supervisor/bidders') as {
      state: string;
      tripwires: { name: string; threshold: number }[];
      chaos: { faults: unknown[] };
    };
    expect(supervisor.tripwires.map((t) => t.name)).toEqual(
      expect.arrayContaining(['restart-intensity', 'kill-switch']),
    );
    expect(supervisor.chaos.faults.length).toBeGreaterThan(0);
    expect(supervisor.state).toBe('stopped');
    const reputation = panels.get('s1/reputation/ledger') as { subjects: { id: string }[] };
    expect(reputation.subjects.length).toBeGreaterThan(0);
  }, 90_000);
});
