/**
 * The inspector's costs, measured: how many frames per second the server ingests from producers over
 * WebSockets (Polis batches and @statelyai/inspect's one-frame messages), how fast the in-process
 * collector turns XState inspection into frames, and what inspection costs the market scenario (on versus
 * off, off being the bare system).
 *
 *   npx tsx bench/inspect-ingest.ts            # all of it, about a minute
 *   npx tsx bench/inspect-ingest.ts --quick    # smaller runs
 */

import { spawn } from 'node:child_process';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import type { Frame } from '../src/inspect/frames.js';
import { InspectCollector } from '../src/inspect/inspect-collector.js';
import { InspectorHub } from '../src/inspect/inspector-hub.js';
import { startInspector } from '../src/inspect/inspector-server.js';
import { market } from '../src/scenarios/market.js';
import { flagDefaults, plainContext, type ScenarioContext } from '../src/scenarios/scenario.js';
import { median } from './harness.js';

const quick = process.argv.includes('--quick');

interface ProducerJob {
  readonly url: string;
  readonly mode: 'batch' | 'stately';
  readonly frames: number;
}

/** Frames like a busy system's: snapshots with a small context, events, envelopes. */
function sampleFrames(count: number): Frame[] {
  const frames: Frame[] = [];
  for (let i = 0; i < count; i++) {
    const actor = `agent-${i % 1000}`;
    switch (i % 3) {
      case 0:
        frames.push({
          type: 'polis.snapshot',
          actor,
          snapshot: {
            status: 'active',
            value: { bidding: 'waiting' },
            context: { bids: i % 7, price: 12.5, rng: i },
          },
          event: 'cfp',
          at: i,
        });
        break;
      case 1:
        frames.push({
          type: 'polis.event',
          actor,
          name: 'cfp',
          event: { type: 'cfp' },
          from: 'manager-1',
          at: i,
        });
        break;
      default:
        frames.push({
          type: 'polis.envelope',
          envelope: {
            id: `n1.${i}`,
            performative: 'propose',
            sender: actor,
            receiver: 'manager-1',
            content: { kind: 'proposal', price: 12.5, eta: 300 },
            conversationId: `task-${i % 50}`,
          },
          at: i,
        });
    }
  }
  return frames;
}

function statelyFrame(i: number): object {
  return {
    type: '@xstate.snapshot',
    _version: '0.7.2',
    sessionId: `x:${i % 1000}`,
    rootId: `x:${i % 1000}`,
    id: null,
    createdAt: String(i),
    snapshot: { status: 'active', value: 'green', context: { count: i } },
    event: { type: 'TIMER' },
  };
}

/** Runs in a worker thread: sends `frames` frames as fast as the socket takes them. */
async function produce(job: ProducerJob): Promise<void> {
  const socket = new WebSocket(job.url);
  await new Promise((resolve) => socket.once('open', resolve));
  const register = [];
  for (let a = 0; a < 1000; a++) {
    register.push({ type: 'polis.actor', actor: `agent-${a}`, id: `agent-${a}`, kind: 'bidder', at: 0 });
  }
  socket.send(JSON.stringify({ type: 'polis.batch', frames: register }));
  const batchSize = 500;
  const batch = JSON.stringify({ type: 'polis.batch', frames: sampleFrames(batchSize) });
  const singles = Array.from({ length: 1000 }, (_, i) => JSON.stringify(statelyFrame(i)));
  let sent = 0;
  while (sent < job.frames) {
    if (job.mode === 'batch') {
      socket.send(batch);
      sent += batchSize;
    } else {
      socket.send(singles[sent % 1000]!);
      sent++;
    }
    if (socket.bufferedAmount > 8 * 1024 * 1024) await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await new Promise((resolve) => setTimeout(resolve, 50));
  socket.close();
}

async function socketIngest(mode: 'batch' | 'stately', frames: number): Promise<number> {
  const server = await startInspector({ history: { historyLimit: 100_000 } });
  // The producer runs in its own process, on the other core, as a real remote system would.
  const producer = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      fileURLToPath(import.meta.url),
      '--produce',
      JSON.stringify({ url: server.ingestUrl, mode, frames }),
    ],
    { stdio: 'inherit' },
  );
  // The clock starts when the producer's first frames arrive, not while its process starts.
  const first = mode === 'batch' ? 1001 : 2;
  while (server.hub.seq < first) await new Promise((resolve) => setTimeout(resolve, 1));
  const start = performance.now();
  const from = server.hub.seq;
  const expected = frames + (mode === 'batch' ? 1000 : 0) + 1;
  while (server.hub.seq < expected) await new Promise((resolve) => setTimeout(resolve, 2));
  const seconds = (performance.now() - start) / 1000;
  const counted = expected - from;
  const bad = server.hub.stats().badFrames;
  producer.kill();
  await server.close();
  if (bad > 0) throw new Error(`${bad} bad frames in the benchmark`);
  return counted / seconds;
}

function collectorIngest(events: number, recorded: Parameters<InspectCollector['inspect']>[0][]): number {
  const hub = new InspectorHub();
  const source = hub.openSource('bench', 'local');
  const collector = new InspectCollector({ write: source.ingest }, { metricsIntervalMs: 0 });
  // Replay a recorded stream of XState inspection events through the collector.
  const start = performance.now();
  for (let i = 0; i < events; i++) collector.inspect(recorded[i % recorded.length]!);
  return events / ((performance.now() - start) / 1000);
}

async function recordInspection(): Promise<Parameters<InspectCollector['inspect']>[0][]> {
  const events: Parameters<InspectCollector['inspect']>[0][] = [];
  const context: ScenarioContext = {
    ...plainContext(1),
    systemOptions: { inspect: (event) => events.length < 50_000 && events.push(event) },
  };
  await market.run(flagDefaults(market.flags, { agents: 20, tasks: 40 }), context);
  return events;
}

async function marketCost(runs: number): Promise<{ off: number; on: number }> {
  const options = flagDefaults(market.flags, { agents: quick ? 50 : 200, tasks: quick ? 200 : 1000 });
  const time = async (inspected: boolean) => {
    const hub = new InspectorHub();
    const source = hub.openSource('market', 'local');
    const collector = new InspectCollector({ write: source.ingest }, { metricsIntervalMs: 0 });
    const base = plainContext(1);
    const context: ScenarioContext = inspected
      ? { ...base, systemOptions: { inspect: collector.inspect }, attach: (s) => collector.attach(s) }
      : base;
    const start = performance.now();
    await market.run(options, context);
    const ms = performance.now() - start;
    collector.close();
    return ms;
  };
  const offs: number[] = [];
  const ons: number[] = [];
  for (let i = 0; i < runs; i++) {
    offs.push(await time(false));
    ons.push(await time(true));
  }
  return { off: median(offs), on: median(ons) };
}

async function main(): Promise<void> {
  const frames = quick ? 200_000 : 1_000_000;
  console.log(
    `inspector ingest — ${cpus().length} cores, Node ${process.version}, ${new Date().toISOString()}`,
  );
  await socketIngest('batch', 50_000); // warm up
  const batch = await socketIngest('batch', frames);
  console.log(`socket, polis.batch of 500:      ${Math.round(batch).toLocaleString()} frames/s`);
  const stately = await socketIngest('stately', frames / 4);
  console.log(`socket, @statelyai one per message: ${Math.round(stately).toLocaleString()} frames/s`);
  const recorded = await recordInspection();
  collectorIngest(100_000, recorded);
  const collector = collectorIngest(quick ? 500_000 : 2_000_000, recorded);
  console.log(`in-process collector → hub:      ${Math.round(collector).toLocaleString()} events/s`);
  const { off, on } = await marketCost(quick ? 3 : 5);
  console.log(
    `market (${quick ? '50 agents, 200 tasks' : '200 agents, 1,000 tasks'}): inspection off ${off.toFixed(0)} ms, on ${on.toFixed(0)} ms (×${(on / off).toFixed(2)})`,
  );
}

const job = process.argv.indexOf('--produce');
if (job < 0) await main();
else await produce(JSON.parse(process.argv[job + 1]!) as ProducerJob);
