import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.map': 'application/json',
};

/**
 * Where the built page lives: `inspector/dist` of the package this file belongs to, found by walking up
 * (the same code runs from `src/` under tsx and from `dist/src/` when built).
 *
 * @example
 * const dir = findUiDir(); // '/…/polis/inspector/dist' or undefined
 */
export function findUiDir(from = dirname(fileURLToPath(import.meta.url))): string | undefined {
  let dir = from;
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'inspector', 'dist');
    if (existsSync(join(candidate, 'index.html'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}

/** A file of the page, read from disk; `undefined` for anything outside `root` or missing. */
export async function readUiFile(
  root: string,
  urlPath: string,
): Promise<{ readonly body: Buffer; readonly type: string } | undefined> {
  try {
    // A malformed escape (`%E0%A4%A`) throws here: it names no file of the page.
    const relative = urlPath === '/' ? 'index.html' : decodeURIComponent(urlPath).replace(/^\/+/, '');
    const file = normalize(join(root, relative));
    if (file !== root && !file.startsWith(root + sep)) return undefined;
    return { body: await readFile(file), type: TYPES[extname(file)] ?? 'application/octet-stream' };
  } catch {
    return undefined;
  }
}

/** The page shown when the UI was not built: says how to build it. */
export const MISSING_UI_PAGE = `<!doctype html><meta charset="utf-8"><title>Polis inspector</title>
<body style="font-family:sans-serif;padding:2rem"><h1>Polis inspector</h1>
<p>The inspector is running, but its page has not been built. Run <code>npm run build</code> and reload.</p></body>`;
