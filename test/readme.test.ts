import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const readme = readFileSync('README.md', 'utf8');

describe('README', () => {
  it('its embedding example runs as printed and ends with the outcome it shows', async () => {
    const block = /## Embedding Polis\n+```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block, 'the README has an "Embedding Polis" TypeScript block').toBeDefined();
    expect(block!.split('\n').length).toBeLessThanOrEqual(36);
    const dir = mkdtempSync(join(resolve('test'), '.readme-'));
    try {
      const file = join(dir, 'embed.ts');
      writeFileSync(file, block!.replace("from 'polis'", `from '${resolve('src/index.ts')}'`));
      const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', file]);
      expect(stdout).toContain("status: 'completed'");
      expect(stdout).toContain("contractors: [ { agent: 'painter', price: 12 } ]");
      expect(stdout).toMatch(/deadLettered: 0/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names the two commands a newcomer runs, and CI runs the same test command', () => {
    expect(readme).toMatch(/^npm run setup && npm start\b/m);
    expect(readme).toMatch(/^npm test\b/m);
    const ci = readFileSync('.ci/run', 'utf8');
    expect(ci).toMatch(/^bash scripts\/setup\.sh$/m);
    expect(ci).toMatch(/^npm test$/m);
  });
});
