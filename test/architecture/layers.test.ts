import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The folder tree is the pipeline: a module may import only from its own layer or a lower one,
 * and no chain of imports may come back to where it started. README "How it is built" lists the
 * same order.
 */
const LAYERS = [
  ['model', 'version.ts'],
  ['format'],
  ['errors'],
  ['config'],
  ['extract'],
  ['review'],
  ['consolidate'],
  ['analyse'],
  ['intake'],
  ['store'],
  ['outputs'],
  ['nightly'],
  ['run'],
  ['cli', 'cli.ts'],
] as const;

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** Relative imports of a module (static, re-exports and dynamic), as absolute .ts paths. */
export function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^;'"]*?from\s*['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g)];
  return specs.map((m) => path.resolve(path.dirname(file), (m[1] ?? m[2])!).replace(/\.js$/, '.ts'));
}

export function layerOf(file: string): number {
  const top = path.relative(SRC, file).split(path.sep)[0]!;
  const index = LAYERS.findIndex((names) => (names as readonly string[]).includes(top));
  if (index < 0) throw new Error(`src/${top} is in no layer: add it to LAYERS and to the README map`);
  return index;
}

/** Strongly connected groups of more than one module (Tarjan). */
export function importCycles(graph: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, index.get(next)!));
    }
    if (low.get(node) === index.get(node)) {
      const group: string[] = [];
      let top: string;
      do {
        top = stack.pop()!;
        onStack.delete(top);
        group.push(top);
      } while (top !== node);
      if (group.length > 1) cycles.push(group.map((f) => path.relative(SRC, f)).sort());
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return cycles;
}

describe('architecture', () => {
  const files = sourceFiles(SRC);
  const graph = new Map(files.map((file) => [file, importsOf(file)]));

  it('has no import cycle', () => {
    expect(importCycles(graph)).toEqual([]);
  });

  it('imports only point down the layer order', () => {
    const upward: string[] = [];
    for (const [file, imports] of graph) {
      for (const target of imports) {
        if (layerOf(target) > layerOf(file)) upward.push(`${path.relative(SRC, file)} → ${path.relative(SRC, target)}`);
      }
    }
    expect(upward).toEqual([]);
  });

  it('keeps SQL in the store and the console in the CLI', () => {
    const misplaced = files.filter((file) => {
      const text = readFileSync(file, 'utf8');
      const top = path.relative(SRC, file).split(path.sep)[0];
      const sql = /\.(prepare|exec)\(\s*[`'"]\s*(SELECT|INSERT|UPDATE|DELETE|CREATE|PRAGMA)/i.test(text);
      const prints = /\bconsole\.(log|error|warn)\(|process\.exitCode\s*=|process\.exit\(/.test(text);
      return (sql && top !== 'store') || (prints && top !== 'cli' && top !== 'cli.ts');
    });
    expect(misplaced.map((f) => path.relative(SRC, f))).toEqual([]);
  });

  it('finds the cycles and upward imports it is meant to find', () => {
    const a = path.join(SRC, 'model/a.ts');
    const b = path.join(SRC, 'cli/b.ts');
    expect(importCycles(new Map([[a, [b]], [b, [a]]]))).toEqual([['cli/b.ts', 'model/a.ts']]);
    expect(layerOf(a)).toBeLessThan(layerOf(b));
  });
});
