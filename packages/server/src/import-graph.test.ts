import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The server's imports run one way (docs/architecture.md): plumbing knows no domain module, the
 * domain modules know nothing of the composition root, and no two files or folders import each
 * other in a loop. Test files are left out: a test may use any helper.
 */

const SRC = dirname(fileURLToPath(import.meta.url));

/** Shared plumbing: imports only plumbing. */
const PLUMBING = [
  'audit',
  'auth',
  'clock',
  'config',
  'contract',
  'crypto',
  'db',
  'http',
  'ids',
  'keys',
  'logging',
  'problem',
  'version.ts',
];
/** The composition root and the entry points built on it: nothing below imports them. */
const ROOT = ['app', 'demo'];
const ENTRIES = ['cli', 'cli.ts', 'index.ts', 'testing'];

type Layer = 'plumbing' | 'domain' | 'root' | 'entry';
const RANK: Record<Layer, number> = { plumbing: 0, domain: 1, root: 2, entry: 3 };

function layerOf(part: string): Layer {
  if (PLUMBING.includes(part)) return 'plumbing';
  if (ROOT.includes(part)) return 'root';
  if (ENTRIES.includes(part)) return 'entry';
  return 'domain';
}

/** Tests may import anything (their helpers live in testing/, an entry point like the CLI). */
const TEST_SUPPORT = /\.test\.ts$/;

/** The top-level folder (or root file) of a path under src: the unit the layers speak of. */
const partOf = (file: string) => file.split('/')[0]!;

function sourceFiles(dir = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !TEST_SUPPORT.test(entry.name) ? [relative(SRC, path)] : [];
  });
}

/** Every file under src that `file` imports (static, type-only, re-exports and literal `import()`). */
function importsOf(file: string, known: Set<string>): string[] {
  const { importedFiles } = ts.preProcessFile(readFileSync(join(SRC, file), 'utf8'), true, true);
  return importedFiles
    .map(({ fileName }) => fileName)
    .filter((name) => name.startsWith('.'))
    .map((name) => relative(SRC, resolve(SRC, dirname(file), name)).replace(/\.js$/, '.ts'))
    .filter((target) => known.has(target));
}

/** Strongly connected components of more than one node (Tarjan): the import loops. */
function loops(graph: Map<string, Set<string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  let next = 0;
  const visit = (node: string) => {
    index.set(node, next);
    low.set(node, next++);
    stack.push(node);
    onStack.add(node);
    for (const target of graph.get(node) ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(node, Math.min(low.get(node)!, low.get(target)!));
      } else if (onStack.has(target)) low.set(node, Math.min(low.get(node)!, index.get(target)!));
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return found;
}

const files = sourceFiles();
const known = new Set(files);
const fileGraph = new Map(files.map((file) => [file, new Set(importsOf(file, known))]));
const folderGraph = new Map<string, Set<string>>();
for (const [file, targets] of fileGraph) {
  const from = partOf(file);
  const edges = folderGraph.get(from) ?? new Set<string>();
  for (const target of targets) if (partOf(target) !== from) edges.add(partOf(target));
  folderGraph.set(from, edges);
}

describe('the import graph of packages/server/src', () => {
  it('reads the source tree', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(fileGraph.get('cases/case-routes.ts')?.size).toBeGreaterThan(0);
  });

  it('has no import loop between files', () => {
    expect(loops(fileGraph)).toEqual([]);
  });

  it('has no import loop between folders (modules)', () => {
    expect(loops(folderGraph)).toEqual([]);
  });

  it('runs downhill: plumbing imports no module, modules import no composition root', () => {
    const upward: string[] = [];
    for (const [file, targets] of fileGraph) {
      for (const target of targets) {
        if (RANK[layerOf(partOf(target))] > RANK[layerOf(partOf(file))]) upward.push(`${file} -> ${target}`);
      }
    }
    expect(upward).toEqual([]);
  });

  it('knows every folder it ranks (a renamed plumbing folder would silently become a module)', () => {
    const parts = new Set(files.map(partOf));
    expect([...PLUMBING, ...ROOT, ...ENTRIES].filter((part) => !parts.has(part))).toEqual([]);
  });
});
