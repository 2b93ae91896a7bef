import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type CruiseResult, checkFolders, FEATURE_ORDER, unitOf } from '../../../scripts/check-folder-cycles.mjs';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
const made: string[] = [];

afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A `depcruise -T json` result from `{ file: [imported files] }`; a `type:` prefix marks a type-only import. */
function cruise(imports: Record<string, string[]>): CruiseResult {
  return {
    modules: Object.entries(imports).map(([source, targets]) => ({
      source,
      dependencies: targets.map((target) =>
        target.startsWith('type:')
          ? { resolved: target.slice('type:'.length), dependencyTypes: ['local', 'type-only', 'import'] }
          : { resolved: target, dependencyTypes: ['local', 'import'] },
      ),
    })),
  };
}

describe('unitOf', () => {
  it('makes each feature and each other top-level folder of src one unit; the entry points belong to src/app', () => {
    expect(unitOf('src/features/pilots/pilot.service.ts')).toBe('src/features/pilots');
    expect(unitOf('src/features/pilots/sub/x.ts')).toBe('src/features/pilots');
    expect(unitOf('src/db/migrations/001-x.ts')).toBe('src/db');
    expect(unitOf('src/main.ts')).toBe('src/app');
    expect(unitOf('src/migrate.ts')).toBe('src/app');
    expect(unitOf('node_modules/zod/index.js')).toBeUndefined();
  });
});

describe('checkFolders', () => {
  it('finds a cycle between folders and names the file arrows that make it', () => {
    const result = checkFolders(
      cruise({
        'src/slack/listener-types.ts': ['type:src/app/deps.ts'],
        'src/app/deps.ts': ['src/slack/notifier.ts'],
        'src/slack/notifier.ts': ['src/shared/clock.ts'],
        'src/shared/clock.ts': [],
      }),
    );
    expect(result.cycles).toEqual([['src/app', 'src/slack']]);
    expect(result.report).toContain('folder cycle: src/app, src/slack');
    expect(result.report).toContain('src/slack/listener-types.ts → src/app/deps.ts (type only)');
    expect(result.report).toContain('src/app/deps.ts → src/slack/notifier.ts');
    expect(result.report).not.toContain('src/shared');
  });

  it('finds a cycle through three folders', () => {
    const result = checkFolders(
      cruise({
        'src/config/settings.ts': ['src/features/nudges/quiet-hours.domain.ts'],
        'src/features/nudges/quiet-hours.domain.ts': ['src/jobs/job-definition.ts'],
        'src/jobs/job-definition.ts': ['src/config/settings.ts'],
      }),
    );
    expect(result.cycles).toEqual([['src/config', 'src/features/nudges', 'src/jobs']]);
  });

  it('finds a feature importing a feature above it in the order', () => {
    expect(FEATURE_ORDER.indexOf('reviews')).toBeGreaterThan(FEATURE_ORDER.indexOf('pilots'));
    const result = checkFolders(
      cruise({
        'src/features/pilots/pilot.service.ts': ['src/features/reviews/review.service.ts'],
        'src/features/reviews/review.service.ts': [],
      }),
    );
    expect(result.cycles).toEqual([]);
    expect(result.upward).toEqual([
      {
        fromUnit: 'src/features/pilots',
        toUnit: 'src/features/reviews',
        files: [
          {
            from: 'src/features/pilots/pilot.service.ts',
            to: 'src/features/reviews/review.service.ts',
            typeOnly: false,
          },
        ],
      },
    ]);
    expect(result.report).toContain('upward feature import: src/features/pilots → src/features/reviews');
  });

  it('names a feature missing from the order, so a new feature is given its place', () => {
    const result = checkFolders(cruise({ 'src/features/billing/x.ts': ['src/features/audit/audit.service.ts'] }));
    expect(result.unknown).toEqual(['billing']);
    expect(result.report).toContain('src/features/billing is not in FEATURE_ORDER');
  });

  it('passes a clean graph: downward arrows, circles inside one folder, packages', () => {
    const result = checkFolders(
      cruise({
        'src/main.ts': ['src/app/compose.ts'],
        'src/app/compose.ts': ['src/features/reviews/review.service.ts', 'src/slack/notifier.ts'],
        'src/features/reviews/review.service.ts': [
          'src/features/pilots/pilot.port.ts',
          'src/features/reviews/review.repo.ts',
          'src/core/catalog.domain.ts',
        ],
        'src/features/reviews/review.repo.ts': [
          'type:src/features/reviews/review.service.ts',
          'node_modules/mongoose/x.js',
        ],
        'src/features/pilots/pilot.port.ts': ['src/core/catalog.domain.ts'],
        'src/slack/notifier.ts': ['src/shared/clock.ts', 'node_modules/@slack/web-api/index.js'],
        'src/core/catalog.domain.ts': ['src/shared/clock.ts'],
        'src/shared/clock.ts': [],
      }),
    );
    expect(result).toEqual({ cycles: [], upward: [], unknown: [], report: '' });
  });
});

describe('check-folder-cycles.mjs (command)', () => {
  /** A project holding only the script, a tsconfig and the given source files, using this repository's packages. */
  function project(files: Record<string, string>): string {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pilotgate-folder-cycles-'));
    made.push(dir);
    mkdirSync(path.join(dir, 'scripts'));
    copyFileSync(
      path.join(repoRoot, 'scripts/check-folder-cycles.mjs'),
      path.join(dir, 'scripts/check-folder-cycles.mjs'),
    );
    symlinkSync(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'));
    const compilerOptions = { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true };
    writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['src'] }));
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), text);
    }
    return dir;
  }

  function run(dir: string) {
    const res = spawnSync(process.execPath, ['scripts/check-folder-cycles.mjs'], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 60_000,
    });
    return { status: res.status, out: `${res.stdout}${res.stderr}` };
  }

  it('exits 1 and prints the file arrows of a cycle found by depcruise (a type-only import counts)', () => {
    const dir = project({
      'src/slack/types.ts': "import type { Deps } from '../app/deps.js';\nexport type Handler = (d: Deps) => void;\n",
      'src/app/deps.ts': "import { notify } from '../slack/notify.js';\nexport interface Deps { n: typeof notify }\n",
      'src/slack/notify.ts': 'export const notify = (): void => {};\n',
    });
    const { status, out } = run(dir);
    expect(out).toContain('folder cycle: src/app, src/slack');
    expect(out).toContain('src/slack/types.ts → src/app/deps.ts (type only)');
    expect(status).toBe(1);
  });

  it('exits 0 on a clean project', () => {
    const dir = project({
      'src/main.ts': "import { notify } from './slack/notify.js';\nnotify();\n",
      'src/slack/notify.ts': 'export const notify = (): void => {};\n',
    });
    const { status, out } = run(dir);
    expect(out).toContain('no folder cycle');
    expect(status).toBe(0);
  });
});
