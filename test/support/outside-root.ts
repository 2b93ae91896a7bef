/**
 * Finds references in the project's files that reach outside the project root: relative string
 * literals and Markdown links that resolve above it, and absolute paths into a neighbouring
 * workspace. A clone must work on its own, so every file it reads has to live inside it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export interface OutsideReference {
  file: string;
  line: number;
  text: string;
  reason: string;
}

/** Folders that are not the project's own text (installed, built or generated). */
const SKIPPED_DIRS = new Set(['.git', 'node_modules', '.tools', '.data', 'dist', 'coverage', 'bench-results']);
const SKIPPED_FILES = new Set(['package-lock.json']);
const TEXT_FILE = /\.(ts|mts|mjs|js|cjs|json|ya?ml|md|sh|go|toml)$|^(Dockerfile|run|\.gitignore|\.dockerignore)$/;

/** Relative literals (`'../x'`, `"./x"`, `` `../x` ``) and Markdown link targets. */
const RELATIVE_LITERAL = /(['"`])(\.\.?\/[^'"`\s]*)\1|\]\((\.\.?\/[^)\s]+)\)/g;
const SYSTEM_DIRS = new Set(['usr', 'opt', 'var', 'srv', 'etc', 'lib', 'bin', 'sbin']);

/**
 * Absolute paths into the top-level folder the checkout lives in (its neighbours: other checkouts,
 * documents beside it). The folder is read from the root, so the pattern names no machine's layout.
 */
function absoluteNeighbourPattern(root: string): RegExp {
  const segments = path.resolve(root).split(path.sep).filter(Boolean);
  // Under a system folder (a clone in /usr/src/app) the neighbours are one level down, so /usr/local/go stays fine.
  const top = segments.slice(0, SYSTEM_DIRS.has(segments[0] ?? '') ? 2 : 1).join('/');
  return new RegExp(`(?<![\\w.:/])/${top.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/[\\w.-]+`, 'g');
}

export function listProjectFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      const stat = statSync(full, { throwIfNoEntry: false });
      if (!stat) continue;
      if (stat.isDirectory()) {
        if (!SKIPPED_DIRS.has(name)) walk(full);
      } else if (TEXT_FILE.test(name) && !SKIPPED_FILES.has(name)) {
        out.push(path.relative(root, full));
      }
    }
  };
  walk(root);
  return out.sort();
}

/** References in `text` (the content of `file`, relative to `root`) that leave `root`. */
export function outsideReferences(root: string, file: string, text: string): OutsideReference[] {
  const found: OutsideReference[] = [];
  const dir = path.dirname(path.join(root, file));
  const absoluteNeighbour = absoluteNeighbourPattern(root);
  text.split('\n').forEach((lineText, i) => {
    for (const m of lineText.matchAll(RELATIVE_LITERAL)) {
      const target = m[2] ?? m[3]!;
      const rel = path.relative(root, path.resolve(dir, target));
      if (rel.startsWith('..') || path.isAbsolute(rel)) {
        found.push({ file, line: i + 1, text: target, reason: 'resolves outside the project root' });
      }
    }
    for (const m of lineText.matchAll(absoluteNeighbour)) {
      found.push({ file, line: i + 1, text: m[0], reason: 'absolute path outside the project' });
    }
  });
  return found;
}

export function projectOutsideReferences(root: string): OutsideReference[] {
  return listProjectFiles(root).flatMap((file) =>
    outsideReferences(root, file, readFileSync(path.join(root, file), 'utf8')),
  );
}
