/**
 * The composition root is the one place that builds services and repositories (src/app/compose.ts),
 * and the agenda infrastructure (src/jobs) depends on no feature and not on the app that wires it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '../../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

const files = sourceFiles(SRC).map((path) => ({ path: relative(SRC, path), text: readFileSync(path, 'utf8') }));

/** `from '…'` and `import('…')` specifiers of a file. */
const importsOf = (text: string) => [...text.matchAll(/(?:from|import\()\s*'([^']+)'/g)].map((m) => m[1] ?? '');

describe('composition root', () => {
  it('builds every service and repository in src/app only (no ad hoc `new XService(` / `new XRepo(`)', () => {
    const adHoc = files
      .filter((f) => !f.path.startsWith('app/'))
      .flatMap((f) =>
        [...f.text.matchAll(/new ([A-Z][A-Za-z0-9]*(?:Service|Repo))\(/g)].map((m) => `${f.path}: new ${m[1]}(`),
      );
    expect(adHoc).toEqual([]);
  });

  it('src/jobs imports nothing from src/app or src/features', () => {
    const upward = files
      .filter((f) => f.path.startsWith('jobs/'))
      .flatMap((f) => importsOf(f.text).map((spec) => `${f.path} -> ${spec}`))
      .filter((edge) => /-> \.\.\/(app|features)\//.test(edge));
    expect(upward).toEqual([]);
  });

  it('no job, service or domain file of a feature imports src/app (features get what they use, not Deps)', () => {
    const upward = files
      .filter((f) => f.path.startsWith('features/') && !f.path.endsWith('.listeners.ts'))
      .flatMap((f) => importsOf(f.text).map((spec) => `${f.path} -> ${spec}`))
      .filter((edge) => /-> (\.\.\/)+app\//.test(edge));
    expect(upward).toEqual([]);
  });
});
