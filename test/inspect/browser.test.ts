import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chartOf } from '../../src/inspect/chart-definition.js';
import { activeLeafIds } from '../../src/inspect/chart-state.js';
import { inspectedContext } from '../../src/inspect/inspected-context.js';
import { type InspectorServer, startInspector } from '../../src/inspect/inspector-server.js';
import { createSystem } from '../../src/runtime/system.js';
import { VirtualClock } from '../../src/runtime/virtual-clock.js';
import { defineScenario, plainContext } from '../../src/scenarios/scenario.js';
import { type Supervision, supervise } from '../../src/supervision/supervision.js';
import { foreman, worker } from './fixtures/workshop.js';
import { ensureUiBundle } from './ui-bundle.js';

const CHROMIUM = process.env.POLIS_CHROMIUM ?? '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];
const ARTIFACTS = join(import.meta.dirname, '..', 'artifacts');

/**
 * A small watched scenario: a foreman hands a worker jobs, paced so a person could follow it; `supervised`
 * puts a supervisor over both and hands it to the inspector, as `polis run chaos` does.
 */
function workshopScenario(supervised: boolean) {
  return defineScenario({
    name: supervised ? 'supervised-workshop' : 'workshop',
    summary: 'a foreman and a worker',
    flags: [] as const,
    async run(_options, context) {
      const system = createSystem({ clock: new VirtualClock(), ...context.systemOptions });
      context.attach(system);
      system.spawn(worker, { id: 'worker' });
      system.spawn(foreman, { id: 'foreman' });
      if (supervised) {
        supervision = supervise(system, {
          tree: { id: 'crew', strategy: 'one-for-one', children: ['worker', 'foreman'] },
          tripwires: [{ kind: 'message-rate' }],
        });
        context.attachSupervision?.(supervision);
      }
      running = system;
      const report = await context.drive(system, { until: 600_000 });
      return { now: report.now };
    },
    format: (report) => `stopped at ${report.now}`,
  });
}
const workshop = workshopScenario(false);
const supervisedWorkshop = workshopScenario(true);
let running: ReturnType<typeof createSystem> | undefined;
let supervision: Supervision | undefined;

let browser: Browser;
let server: InspectorServer;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `browser tests need Chromium at ${CHROMIUM}: apt-get install -y chromium (or set POLIS_CHROMIUM)`,
    );
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  await ensureUiBundle();
  browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function highlighted(page: Page): Promise<string[]> {
  return page
    .locator('[data-testid=statechart] [data-leaf=true]')
    .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-state-id') ?? '').sort());
}

describe('the inspector in a real browser', () => {
  it('watches a scenario: agents, statechart, messages, emergency stop and time travel', async () => {
    server = await startInspector();
    const { context } = inspectedContext(server, plainContext(1), 'workshop', { speed: 1, tickMs: 25 });
    const done = workshop.run({}, context);
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(server.url);

    // The page lists the scenario's agents.
    await expect
      .poll(() =>
        page
          .locator('[data-testid=actor-row]')
          .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-actor')).sort()),
      )
      .toEqual(['foreman', 'worker']);

    // Selecting the worker shows its statechart, highlighting the state the runtime says it is in.
    await page.locator('[data-testid=actor-row][data-actor=worker]').click();
    await page.locator('[data-testid=statechart][data-machine=worker]').waitFor();
    const chart = chartOf(worker);
    const system = running!;
    const runtimeLeaves = () =>
      activeLeafIds(chart, system.agent('worker')!.actor.getSnapshot().value).sort();
    await expect
      .poll(
        async () => {
          const [shown, actual] = [await highlighted(page), runtimeLeaves()];
          return shown.join() === actual.join() ? 'same' : `${shown} vs ${actual}`;
        },
        { timeout: 10_000 },
      )
      .toBe('same');

    // An envelope sent now appears as an arrow in the message diagram.
    const job: { kind: 'job'; name: string } = { kind: 'job', name: '' };
    const envelope = system
      .endpoint('tester')
      .send({ performative: 'request', receiver: 'worker', content: job });
    const arrow = page.locator(`[data-testid=message][data-envelope-id="${envelope.id}"]`);
    await arrow.waitFor({ timeout: 10_000 });
    await expect.poll(() => arrow.textContent()).toContain('request · job');

    // Wait for the worker to be busy, so that an earlier moment (idle) looks different.
    await expect.poll(() => runtimeLeaves().join(), { timeout: 15_000 }).toMatch(/worker\.busy/);
    await page.screenshot({ path: join(ARTIFACTS, 'inspector-live.png') });

    // Emergency stop, with confirmation, halts the system: checked through the runtime.
    await page.locator('[data-testid=tab-supervisor]').click();
    await page.locator('[data-testid=emergency-stop]').click();
    await page.locator('[data-testid=dialog-reason]').fill('browser test stop');
    await page.screenshot({ path: join(ARTIFACTS, 'inspector-emergency-stop.png') });
    await page.locator('[data-testid=dialog-confirm]').click();
    await expect.poll(() => system.bus.sealed, { timeout: 10_000 }).toBe(true);
    expect(system.agents().map((a) => a.status)).toEqual(['stopped', 'stopped']);
    await page.locator('[data-testid=controls][data-halted=true]').waitFor();
    await expect.poll(() => page.locator('[data-testid=selected-status]').textContent()).toBe('halted');
    await done;

    // The time-travel scrubber shows an earlier state: the worker idle, before its first job.
    await page.locator('[data-testid=tab-context]').click();
    const scrubber = page.locator('[data-testid=timeline]');
    const firstSnapshot = server.hub.actors.get('s1/worker')!.snapshots.oldest!.seq;
    expect(Number(await scrubber.getAttribute('min'))).toBeLessThanOrEqual(firstSnapshot);
    await scrubber.fill(String(firstSnapshot));
    await page.locator('[data-testid=travel-indicator][data-travelling=true]').waitFor();
    await expect.poll(() => highlighted(page), { timeout: 10_000 }).toEqual(['worker.idle']);
    await expect.poll(() => page.locator('[data-testid=selected-status]').textContent()).toBe('active');
    await page.screenshot({ path: join(ARTIFACTS, 'inspector-time-travel.png') });
    await page.locator('[data-testid=live-button]').click();
    await expect.poll(() => page.locator('[data-testid=selected-status]').textContent()).toBe('halted');
    expect(errors).toEqual([]);
    await page.close();
    await server.close();
  }, 90_000);

  it('shows a plain XState app in another process, inspected with @statelyai/inspect alone', async () => {
    server = await startInspector();
    const app: ChildProcess = spawn(
      process.execPath,
      [join(import.meta.dirname, 'fixtures', 'plain-app.mjs'), server.ingestUrl],
      {
        stdio: 'ignore',
      },
    );
    try {
      const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
      await page.goto(server.url);
      const row = page.locator('[data-testid=actor-row][data-actor=light]');
      await row.waitFor({ timeout: 15_000 });
      await row.click();
      await page.locator('[data-testid=statechart][data-machine=light]').waitFor();
      const states = await page
        .locator('[data-testid=statechart] [data-state-id]')
        .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-state-id')).sort());
      expect(states).toEqual([
        'light',
        'light.green',
        'light.red',
        'light.red.wait',
        'light.red.walk',
        'light.yellow',
      ]);
      await expect.poll(() => highlighted(page), { timeout: 10_000 }).toHaveLength(1);
      expect(['light.green', 'light.yellow', 'light.red.walk']).toContain((await highlighted(page))[0]);
      await page.screenshot({ path: join(ARTIFACTS, 'inspector-plain-xstate.png') });
      await page.close();
    } finally {
      app.kill('SIGTERM');
      await server.close();
    }
  }, 60_000);

  it('shows a supervised scenario’s tripwires, and its Emergency stop goes through the supervisor', async () => {
    server = await startInspector();
    const { context } = inspectedContext(server, plainContext(1), 'crew', { speed: 1, tickMs: 25 });
    const done = supervisedWorkshop.run({}, context);
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(server.url);
    await page.locator('[data-testid=tab-supervisor]').click();
    await page.locator('[data-testid=tripwire][data-name=message-rate]').waitFor({ timeout: 10_000 });
    const tripwires = await page
      .locator('[data-testid=tripwire]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-name')).sort());
    expect(tripwires).toEqual(['kill-switch', 'message-rate', 'restart-intensity']);
    // The actor list groups the agents under their supervisor.
    await expect
      .poll(() => page.locator('.group-row.depth-0').allTextContents())
      .toEqual([expect.stringContaining('supervisor crew')]);

    await page.locator('[data-testid=emergency-stop]').click();
    await page.locator('[data-testid=dialog-reason]').fill('stop from the browser');
    await page.locator('[data-testid=dialog-confirm]').click();
    await expect.poll(() => supervision?.halted, { timeout: 10_000 }).toBe(true);
    expect(supervision?.haltReport?.tripwire).toBe('kill-switch');
    expect(supervision?.haltReport?.reason).toContain('stop from the browser');
    await page.locator('[data-testid=controls][data-halted=true]').waitFor();
    await expect
      .poll(() => page.locator('[data-testid=supervisor-state] .badge').first().textContent())
      .toBe('halted');
    await page.screenshot({ path: join(ARTIFACTS, 'inspector-supervised-stop.png') });

    await page.locator('[data-testid=resume]').click();
    await page.locator('[data-testid=dialog-reason]').fill('checked the bids');
    await page.locator('[data-testid=dialog-confirm]').click();
    await expect.poll(() => supervision?.halted, { timeout: 10_000 }).toBe(false);
    await page.locator('[data-testid=controls][data-halted=false]').waitFor();
    expect(errors).toEqual([]);
    supervision?.stop();
    await running?.stop();
    await done;
    await page.close();
    await server.close();
  }, 90_000);
});
