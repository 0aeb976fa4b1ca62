/**
 * Compiles `src/` and `bench/` to plain JavaScript in `bench/results/build/`, with the project's compiler
 * options, so the benchmarks time the code users run. (Running through `tsx` would not: it compiles with
 * `keepNames`, wrapping every named closure in an `Object.defineProperty` call, which alone adds ~1.3 KB
 * to every hosted agent and time to every closure created.) Type checking is `npm run typecheck`'s job.
 *
 *   node bench/build.mjs                 compile src/ and bench/
 *   node bench/build.mjs --src=<dir>     compile <dir> in place of src/ (to measure a candidate core change
 *                                        made in a copy of src/ without touching src/)
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'bench', 'results', 'build');
const skip = new Set([join(root, 'bench', 'results')]);

/** Every `.ts` file under `dir`, except declaration files and skipped folders. */
function sources(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return skip.has(path) ? [] : sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

function compilerOptions() {
  const configPath = join(root, 'tsconfig.json');
  const config = ts.readConfigFile(configPath, ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
  return { ...options, module: ts.ModuleKind.ESNext, sourceMap: false, declaration: false, noEmit: false };
}

const srcFlag = process.argv.slice(2).find((arg) => arg.startsWith('--src='));
const src = srcFlag === undefined ? join(root, 'src') : resolve(srcFlag.slice('--src='.length));
const trees = [
  [src, join(out, 'src')],
  [join(root, 'bench'), join(out, 'bench')],
];
const options = compilerOptions();
rmSync(out, { recursive: true, force: true });
let files = 0;
for (const [from, to] of trees) {
  for (const file of sources(from)) {
    const { outputText } = ts.transpileModule(readFileSync(file, 'utf8'), {
      compilerOptions: options,
      fileName: file,
    });
    const target = join(to, relative(from, file)).replace(/\.ts$/, '.js');
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, outputText);
    files++;
  }
}
const core = relative(root, src);
writeFileSync(join(out, 'core.json'), `${JSON.stringify({ core })}\n`);
console.log(`compiled ${files} files (core from ${core}) to ${relative(root, out)}`);
