import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, posix, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The layering rules of DESIGN.md, checked on the source: `cli → scenarios → runtime → bus → protocol`,
 * `machines → protocol`, no import cycles, no hidden clock or randomness. Each offence is reported with
 * the file, the line and the import, so the fix is obvious.
 */

const ROOT = join(import.meta.dirname, '..');
const SCANNED = ['src', 'machines'];

/** One module reference in a source file: a static import or export, `import type`, `import()`. */
interface ImportRef {
  readonly from: string;
  readonly line: number;
  readonly specifier: string;
  /** The file it names, repo-relative, for relative specifiers; `undefined` for packages. */
  readonly target: string | undefined;
}

interface Offence {
  readonly file: string;
  readonly line: number;
  readonly text: string;
}

const show = (o: Offence) => `${o.file}:${o.line} ${o.text}`;

function sourceFiles(root: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== 'node_modules') walk(path);
      else if (entry.isFile() && /\.[cm]?tsx?$/.test(entry.name)) {
        files.set(relative(root, path).split('\\').join('/'), readFileSync(path, 'utf8'));
      }
    }
  };
  for (const dir of SCANNED) walk(join(root, dir));
  return files;
}

/** Resolves a relative specifier the way NodeNext does for TypeScript sources (`./x.js` is `./x.ts`). */
function resolveSpecifier(from: string, specifier: string, files: ReadonlyMap<string, string>): string {
  const base = posix.normalize(posix.join(posix.dirname(from), specifier));
  const candidates = [
    base,
    base.replace(/\.js$/, '.ts'),
    base.replace(/\.js$/, '.tsx'),
    base.replace(/\.mjs$/, '.mts'),
    base.replace(/\.cjs$/, '.cts'),
    `${base}.ts`,
    `${base}/index.ts`,
  ];
  return candidates.find((c) => files.has(c)) ?? base;
}

const parsed = new Map<string, ts.SourceFile>();

function parse(path: string, text: string): ts.SourceFile {
  const key = `${path}\n${text}`;
  let source = parsed.get(key);
  if (source === undefined) {
    source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    parsed.set(key, source);
  }
  return source;
}

function lineOf(source: ts.SourceFile, node: ts.Node): number {
  return source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
}

/** Every module the file refers to: `import`, `import type`, `export … from`, `import x = require()`, `import()`. */
function importsOf(path: string, text: string, files: ReadonlyMap<string, string>): ImportRef[] {
  const source = parse(path, text);
  const refs: ImportRef[] = [];
  const add = (node: ts.Node, literal: ts.Expression | undefined) => {
    if (literal === undefined || !ts.isStringLiteralLike(literal)) return;
    const specifier = literal.text;
    const target = specifier.startsWith('.') ? resolveSpecifier(path, specifier, files) : undefined;
    refs.push({ from: path, line: lineOf(source, node), specifier, target });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) add(node, node.moduleSpecifier);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node, node.moduleReference.expression);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      add(node, node.arguments[0]);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node, node.argument.literal as ts.Expression);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return refs;
}

const inside = (path: string | undefined, folder: string) => path?.startsWith(`${folder}/`) === true;
const isNodeBuiltin = (specifier: string) =>
  specifier.startsWith('node:') || builtinModules.includes(specifier.split('/')[0]!);

/** Why this import breaks the layering, or `undefined` when it is allowed. */
function layerProblem(ref: ImportRef): string | undefined {
  const { from, target, specifier } = ref;
  if (inside(from, 'machines')) {
    if (isNodeBuiltin(specifier)) return 'machines may not use Node APIs';
    if (inside(target, 'src') && !inside(target, 'src/protocol')) {
      return 'machines may import only src/protocol/ from src/';
    }
  }
  if (inside(from, 'src/protocol') && target !== undefined && !inside(target, 'src/protocol')) {
    return 'src/protocol imports nothing of ours outside src/protocol';
  }
  if (inside(from, 'src/bus')) {
    const above = ['runtime', 'scenarios', 'cli', 'supervision', 'inspect'].find((l) =>
      inside(target, `src/${l}`),
    );
    if (above !== undefined) return `the bus may not depend on src/${above}, a layer above it`;
  }
  if (inside(from, 'src/runtime')) {
    const above = ['scenarios', 'cli'].find((l) => inside(target, `src/${l}`));
    if (above !== undefined) return `the runtime may not depend on src/${above}, a layer above it`;
  }
  if (inside(from, 'src/scenarios') && target !== undefined) {
    if (target !== 'src/index.ts' && !inside(target, 'src/scenarios')) {
      return 'scenarios use only the public API: import from ../index.js';
    }
  }
  return undefined;
}

function layeringOffences(files: ReadonlyMap<string, string>): Offence[] {
  const offences: Offence[] = [];
  for (const [path, text] of files) {
    for (const ref of importsOf(path, text, files)) {
      const problem = layerProblem(ref);
      if (problem === undefined) continue;
      const resolved = ref.target === undefined ? '' : ` (${ref.target})`;
      offences.push({
        file: path,
        line: ref.line,
        text: `imports '${ref.specifier}'${resolved}: ${problem}`,
      });
    }
  }
  return offences;
}

/** Every import cycle among our files, one path per strongly connected group, e.g. `a.ts → b.ts → a.ts`. */
function importCycles(files: ReadonlyMap<string, string>): string[] {
  const graph = new Map<string, string[]>();
  for (const [path, text] of files) {
    const targets = importsOf(path, text, files)
      .map((r) => r.target)
      .filter((t): t is string => t !== undefined && files.has(t));
    graph.set(path, [...new Set(targets)].sort());
  }
  return stronglyConnected(graph)
    .filter((group) => group.length > 1 || (graph.get(group[0]!) ?? []).includes(group[0]!))
    .map((group) => cyclePath(graph, new Set(group), [...group].sort()[0]!).join(' → '));
}

/** Tarjan's algorithm, iteratively, so a long import chain cannot overflow the stack. */
function stronglyConnected(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const groups: string[][] = [];
  let next = 0;
  for (const start of [...graph.keys()].sort()) {
    if (index.has(start)) continue;
    const work: Array<{ node: string; edge: number }> = [{ node: start, edge: 0 }];
    index.set(start, next);
    low.set(start, next++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work.at(-1)!;
      const edges = graph.get(frame.node) ?? [];
      if (frame.edge < edges.length) {
        const to = edges[frame.edge++]!;
        if (!index.has(to)) {
          index.set(to, next);
          low.set(to, next++);
          stack.push(to);
          onStack.add(to);
          work.push({ node: to, edge: 0 });
        } else if (onStack.has(to)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(to)!));
        }
        continue;
      }
      work.pop();
      const parent = work.at(-1);
      if (parent !== undefined) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) === index.get(frame.node)) {
        const group: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          group.push(member);
        } while (member !== frame.node);
        groups.push(group);
      }
    }
  }
  return groups;
}

/** The shortest way from `start` back to itself inside one strongly connected group. */
function cyclePath(
  graph: ReadonlyMap<string, readonly string[]>,
  group: ReadonlySet<string>,
  start: string,
): string[] {
  const cameFrom = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const to of graph.get(node) ?? []) {
      if (!group.has(to)) continue;
      if (to === start) {
        const back: string[] = [];
        for (let at = node; at !== start; at = cameFrom.get(at)!) back.push(at);
        return [start, ...back.reverse(), start];
      }
      if (!cameFrom.has(to)) {
        cameFrom.set(to, node);
        queue.push(to);
      }
    }
  }
  return [start, start];
}

const HIDDEN_INPUTS: Record<string, string> = {
  'Math.random': 'take randomness from a seeded generator (nextRandom, system.rng)',
  'Date.now': 'take time from the clock',
};
const TIMERS = new Set(['setTimeout', 'setInterval', 'setImmediate']);

function mustBeDeterministic(path: string): boolean {
  if (path === 'src/runtime/real-clock.ts') return false; // the one place that reads the wall clock
  return ['machines', 'src/runtime', 'src/bus', 'src/scenarios'].some((folder) => inside(path, folder));
}

/** `Math.random` and `Date.now` where determinism is required; real timers inside machines. */
function nondeterminismOffences(files: ReadonlyMap<string, string>): Offence[] {
  const offences: Offence[] = [];
  for (const [path, text] of files) {
    if (!mustBeDeterministic(path)) continue;
    const source = parse(path, text);
    const visit = (node: ts.Node): void => {
      if (ts.isPropertyAccessExpression(node)) {
        const owner = node.expression.getText(source).replace(/^(globalThis|window|global)\./, '');
        const name = `${owner}.${node.name.text}`;
        const fix = HIDDEN_INPUTS[name];
        if (fix !== undefined)
          offences.push({ file: path, line: lineOf(source, node), text: `uses ${name}: ${fix}` });
      }
      if (inside(path, 'machines') && ts.isCallExpression(node) && ts.isIdentifier(node.expression)) {
        const name = node.expression.text;
        if (TIMERS.has(name)) {
          offences.push({
            file: path,
            line: lineOf(source, node),
            text: `calls ${name}: use an \`after\` delay`,
          });
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return offences;
}

describe('architecture', () => {
  const files = sourceFiles(ROOT);

  it('scans the real source tree', () => {
    expect([...files.keys()].filter((f) => inside(f, 'src/protocol')).length).toBeGreaterThan(5);
    expect([...files.keys()].filter((f) => inside(f, 'src/bus')).length).toBeGreaterThan(3);
    const busImports = importsOf('src/bus/bus.ts', files.get('src/bus/bus.ts') ?? '', files);
    expect(busImports.map((r) => r.target)).toContain('src/protocol/envelope.ts');
  });

  it('keeps every layer to the imports it may use', () => {
    expect(layeringOffences(files).map(show)).toEqual([]);
  });

  it('has no import cycles', () => {
    expect(importCycles(files)).toEqual([]);
  });

  it('reads no hidden clock or randomness in machines, bus, runtime or scenarios', () => {
    expect(nondeterminismOffences(files).map(show)).toEqual([]);
  });
});

describe('the architecture checker itself', () => {
  const tree = (entries: Record<string, string>) => new Map(Object.entries(entries));

  it('catches every kind of layering offence, with file, line and import', () => {
    const offences = layeringOffences(
      tree({
        'machines/bad.ts': [
          "import { setup } from 'xstate';",
          "import type { Envelope } from '../src/protocol/envelope.js';",
          "import type { Bus } from '../src/bus/bus.js';",
          "import { readFileSync } from 'node:fs';",
          "export { join } from 'path';",
        ].join('\n'),
        'src/protocol/leaky.ts': "import type { Bus } from '../bus/bus.js';",
        'src/bus/upward.ts':
          "export * from '../runtime/system.js';\nconst s = await import('../inspect/x.js');",
        'src/runtime/upward.ts': "import { scenarios } from '../scenarios/registry.js';",
        'src/scenarios/deep.ts': [
          "import { createSystem } from '../index.js';",
          "import { helper } from './helper.js';",
          "import type { Bus } from '../bus/bus.js';",
          "import { m } from '../../machines/m.js';",
        ].join('\n'),
        'src/scenarios/helper.ts': 'export const helper = 1;',
        'src/index.ts': '',
      }),
    ).map(show);
    expect(offences).toEqual([
      "machines/bad.ts:3 imports '../src/bus/bus.js' (src/bus/bus.js): machines may import only src/protocol/ from src/",
      "machines/bad.ts:4 imports 'node:fs': machines may not use Node APIs",
      "machines/bad.ts:5 imports 'path': machines may not use Node APIs",
      "src/protocol/leaky.ts:1 imports '../bus/bus.js' (src/bus/bus.js): src/protocol imports nothing of ours outside src/protocol",
      "src/bus/upward.ts:1 imports '../runtime/system.js' (src/runtime/system.js): the bus may not depend on src/runtime, a layer above it",
      "src/bus/upward.ts:2 imports '../inspect/x.js' (src/inspect/x.js): the bus may not depend on src/inspect, a layer above it",
      "src/runtime/upward.ts:1 imports '../scenarios/registry.js' (src/scenarios/registry.js): the runtime may not depend on src/scenarios, a layer above it",
      "src/scenarios/deep.ts:3 imports '../bus/bus.js' (src/bus/bus.js): scenarios use only the public API: import from ../index.js",
      "src/scenarios/deep.ts:4 imports '../../machines/m.js' (machines/m.js): scenarios use only the public API: import from ../index.js",
    ]);
  });

  it('reports an import cycle as a path, type-only imports included', () => {
    const cycles = importCycles(
      tree({
        'src/a.ts': "import { b } from './b.js';",
        'src/b.ts': "import type { C } from './c.js';",
        'src/c.ts': "export { a } from './a.js';",
        'src/d.ts': "import { a } from './a.js';",
        'src/self.ts': "import type { X } from './self.js';",
      }),
    );
    expect(cycles.sort()).toEqual(['src/a.ts → src/b.ts → src/c.ts → src/a.ts', 'src/self.ts → src/self.ts']);
  });

  it('finds Math.random and Date.now in code but not in comments or strings, and timers in machines', () => {
    const offences = nondeterminismOffences(
      tree({
        'src/runtime/clocky.ts': "// never Date.now()\nconst t = Date.now();\nconst s = 'Math.random()';",
        'src/runtime/real-clock.ts': 'export const now = () => Date.now();',
        'src/bus/dice.ts': 'const r = globalThis.Math.random();',
        'src/protocol/free.ts': 'const r = Math.random();',
        'machines/ticker.ts': 'setTimeout(() => {}, 10);',
      }),
    ).map(show);
    expect(offences).toEqual([
      'src/runtime/clocky.ts:2 uses Date.now: take time from the clock',
      'src/bus/dice.ts:1 uses Math.random: take randomness from a seeded generator (nextRandom, system.rng)',
      'machines/ticker.ts:1 calls setTimeout: use an `after` delay',
    ]);
  });
});
