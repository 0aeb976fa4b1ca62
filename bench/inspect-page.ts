/**
 * Whether the inspector's page stays responsive under load: 1,000 agents and 10,000 events per second
 * stream in while the page shows an agent's statechart and the message diagram. Measured in headless
 * Chromium: long tasks (the browser's own "frame took > 50 ms" report) and the longest gap between
 * animation frames while nobody touches the page.
 *
 *   npx tsx bench/inspect-page.ts [--seconds 10] [--agents 1000] [--rate 10000]
 */
import { chromium } from 'playwright-core';
import type { ChartNode } from '../src/inspect/chart-definition.js';
import { startInspector } from '../src/inspect/inspector-server.js';

const arg = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at < 0 ? fallback : Number(process.argv[at + 1]);
};
const seconds = arg('seconds', 10);
const agents = arg('agents', 1000);
const rate = arg('rate', 10_000);

const leaf = (id: string, key: string, to: string, event: string): ChartNode => ({
  id,
  key,
  type: 'atomic',
  children: [],
  transitions: [{ event, label: event, targets: [to], actions: [], reenter: false }],
  entry: [],
  exit: [],
  invoke: [],
  tags: [],
});
const chart: ChartNode = {
  ...leaf('bidder', 'bidder', 'bidder', 'reset'),
  transitions: [],
  type: 'compound',
  initial: 'bidder.idle',
  children: [
    leaf('bidder.idle', 'idle', 'bidder.bidding', 'cfp'),
    {
      ...leaf('bidder.bidding', 'bidding', 'bidder.idle', 'reject-proposal'),
      type: 'compound',
      initial: 'bidder.bidding.quoting',
      children: [
        leaf('bidder.bidding.quoting', 'quoting', 'bidder.bidding.waiting', 'quoted'),
        leaf('bidder.bidding.waiting', 'waiting', 'bidder.working', 'accept-proposal'),
      ],
    },
    leaf('bidder.working', 'working', 'bidder.idle', 'done'),
  ],
};
const values = ['idle', { bidding: 'quoting' }, { bidding: 'waiting' }, 'working'];

const server = await startInspector();
const source = server.hub.openSource('load', 'local');
source.ingest({ type: 'polis.definition', def: 'bidder', chart });
for (let a = 0; a < agents; a++) {
  source.ingest({
    type: 'polis.actor',
    actor: `bidder-${a}`,
    id: `bidder-${a}`,
    kind: 'bidder',
    def: 'bidder',
    at: 0,
  });
}
let sent = 0;
const tick = 10;
const producer = setInterval(() => {
  const now = Date.now();
  for (let i = 0; i < (rate * tick) / 1000; i++, sent++) {
    const a = sent % agents;
    const actor = `bidder-${a}`;
    if (sent % 2 === 0) {
      source.ingest({
        type: 'polis.snapshot',
        actor,
        snapshot: { status: 'active', value: values[sent % 4], context: { bids: sent, price: a / 10 } },
        event: 'cfp',
        at: now,
      });
    } else {
      source.ingest({
        type: 'polis.envelope',
        envelope: {
          id: `e${sent}`,
          performative: 'propose',
          sender: actor,
          receiver: `manager-${a % 4}`,
          content: { kind: 'proposal', price: a / 10 },
          conversationId: `task-${sent % 100}`,
        },
        at: now,
      });
    }
  }
}, tick);

const browser = await chromium.launch({
  executablePath: process.env.POLIS_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
});
const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
page.on('pageerror', (error) => console.error('page error:', error.message));
await page.goto(server.url);
await page.locator('[data-testid=actor-row][data-actor="bidder-0"]').click();
await page.locator('[data-testid=statechart]').waitFor();
await page.waitForTimeout(1000);
// Plain JavaScript text: the page must not depend on helpers this file's compiler adds.
const measure = `new Promise((resolve) => {
  const longTasks = [];
  new PerformanceObserver((list) => { for (const e of list.getEntries()) longTasks.push(e.duration); })
    .observe({ type: 'longtask', buffered: false });
  let last = performance.now();
  let worstGap = 0;
  let frames = 0;
  const end = last + ${seconds * 1000};
  const frame = (now) => {
    worstGap = Math.max(worstGap, now - last);
    last = now;
    frames++;
    if (now < end) requestAnimationFrame(frame);
    else resolve({ longTasks, worstGap, frames });
  };
  requestAnimationFrame(frame);
})`;
const result = (await page.evaluate(measure)) as { longTasks: number[]; worstGap: number; frames: number };
const stats = server.hub.stats();
clearInterval(producer);
await browser.close();
await server.close();

const sorted = [...result.longTasks].sort((a, b) => b - a);
console.log(`inspector page under load — ${agents} agents, ${rate} events/s offered, ${seconds} s observed`);
console.log(`server ingested ${stats.framesPerSecond.toLocaleString()} frames/s at the end`);
console.log(
  `long tasks: ${sorted.length} (longest ${sorted[0]?.toFixed(0) ?? 0} ms, over 100 ms: ${sorted.filter((d) => d > 100).length})`,
);
console.log(`animation frames: ${result.frames}, longest gap ${result.worstGap.toFixed(0)} ms`);
