import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');
const UI = join(ROOT, 'inspector');

function newest(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((entry) => newest(join(path, entry))));
}

/**
 * Builds the inspector's page when it is missing or older than its sources, so browser tests always see
 * the current page (CI builds it on `npm ci`; a developer may have edited it since).
 */
export async function ensureUiBundle(): Promise<string> {
  const dist = join(UI, 'dist');
  const index = join(dist, 'index.html');
  const sources = Math.max(
    newest(join(UI, 'src')),
    newest(join(UI, 'index.html')),
    newest(join(UI, 'vite.config.ts')),
    newest(join(ROOT, 'src', 'inspect')),
  );
  if (!existsSync(index) || statSync(index).mtimeMs < sources) {
    const { build } = await import('vite');
    await build({ configFile: join(UI, 'vite.config.ts'), logLevel: 'warn' });
  }
  return dist;
}
