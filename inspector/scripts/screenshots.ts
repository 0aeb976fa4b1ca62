/**
 * Takes the inspector screenshots in docs/images from a live market scenario and a plain XState app.
 *
 *   npm run build && npx tsx inspector/scripts/screenshots.ts
 */
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { inspectedContext } from '../../src/inspect/inspected-context.js';
import { startInspector } from '../../src/inspect/inspector-server.js';
import { market } from '../../src/scenarios/market.js';
import { flagDefaults, plainContext } from '../../src/scenarios/scenario.js';

const ROOT = join(import.meta.dirname, '..', '..');
const OUT = join(ROOT, 'docs', 'images');
mkdirSync(OUT, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.POLIS_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
});

const shot = (page: Page, name: string) => page.screenshot({ path: join(OUT, name) });

async function marketShots(): Promise<void> {
  const server = await startInspector();
  const { context, collector } = inspectedContext(server, plainContext(7), 'market', { speed: 0.5 });
  const run = market.run(flagDefaults(market.flags, { agents: 12, tasks: 400, managers: 3 }), context);
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(server.url);
  await page.locator('[data-testid=actor-row][data-actor="bidder-3"]').click();
  await page.locator('[data-testid=statechart]').waitFor();
  await page.waitForTimeout(6_000);
  await shot(page, 'inspector-overview.png');
  await page.locator('[data-testid=tab-metrics]').click();
  await page.waitForTimeout(500);
  await shot(page, 'inspector-metrics.png');
  await page.locator('[data-testid=tab-messages]').click();
  await page.locator('[data-testid=tab-supervisor]').click();
  await page.locator('[data-testid=emergency-stop]').click();
  await page.locator('[data-testid=dialog-reason]').fill('bids look wrong: stop and look');
  await shot(page, 'inspector-emergency-stop.png');
  await page.locator('[data-testid=dialog-confirm]').click();
  await page.locator('[data-testid=controls][data-halted=true]').waitFor();
  await page.locator('[data-testid=tab-context]').click();
  const scrubber = page.locator('[data-testid=timeline]');
  const min = Number(await scrubber.getAttribute('min'));
  const max = Number(await scrubber.getAttribute('max'));
  await scrubber.fill(String(Math.round(min + (max - min) * 0.55)));
  await page.locator('[data-testid=travel-indicator][data-travelling=true]').waitFor();
  await page.waitForTimeout(1_000);
  await shot(page, 'inspector-time-travel.png');
  await page.close();
  // The market goes on announcing tasks into the halted system; it is left to end with the process.
  void run.catch(() => undefined);
  collector.close();
  await server.close();
}

async function plainAppShot(): Promise<void> {
  const server = await startInspector();
  const app = spawn(
    process.execPath,
    [join(ROOT, 'test', 'inspect', 'fixtures', 'plain-app.mjs'), server.ingestUrl],
    {
      stdio: 'ignore',
    },
  );
  const page = await browser.newPage({ viewport: { width: 1280, height: 760 } });
  await page.goto(server.url);
  await page.locator('[data-testid=actor-row][data-actor=light]').click();
  await page.locator('[data-testid=statechart]').waitFor();
  await page.waitForTimeout(2_500);
  await shot(page, 'inspector-plain-xstate.png');
  await page.close();
  app.kill('SIGTERM');
  await server.close();
}

await marketShots();
await plainAppShot();
await browser.close();
console.log(`screenshots written to ${OUT}`);
process.exit(0);
