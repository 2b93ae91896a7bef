import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The rules of .dependency-cruiser.cjs run on a small project that breaks each of them once (and keeps
// the imports they allow), so a rule that matches nothing fails here instead of passing silently in lint.
const repoRoot = path.resolve(import.meta.dirname, '../../..');
let dir = '';
let violations: Array<{ rule: string; from: string; to: string }> = [];

const files: Record<string, string> = {
  // Allowed: a feature's own repo, a lower feature's service, the kernel, the shared layer, a view naming Slack types.
  'src/shared/clock.ts': 'export const now = (): Date => new Date();\n',
  'src/core/catalog.domain.ts': "import { now } from '../shared/clock.js';\nexport const at = now;\n",
  'src/features/pilots/pilot.repo.ts': "import mongoose from 'mongoose';\nexport const m = mongoose;\n",
  'src/features/pilots/pilot.service.ts': "import { m } from './pilot.repo.js';\nexport const s = m;\n",
  'src/features/pilots/pilot.views.ts':
    "import type { KnownBlock } from '@slack/types';\nimport { at } from '../../core/catalog.domain.js';\nexport const b: KnownBlock[] = [];\nexport const t = at;\n",
  // Broken, one rule each.
  'src/features/reviews/review.service.ts':
    "import { m } from '../pilots/pilot.repo.js';\nimport { s } from '../pilots/pilot.service.js';\nexport const r = [m, s];\n",
  'src/features/reviews/review.domain.ts':
    "import { Agenda } from 'agenda';\nimport { s } from '../pilots/pilot.service.js';\nexport const d = [Agenda, s];\n",
  'src/features/reviews/review.policy.ts':
    "import type { KnownBlock } from '@slack/types';\nexport type P = KnownBlock;\n",
  'src/features/reviews/review.views.ts': "import { WebClient } from '@slack/web-api';\nexport const w = WebClient;\n",
  'src/features/reviews/review-card.views.ts': "import '@slack/types';\nexport const v = 1;\n",
  'src/core/manifest.schema.ts': "import { s } from '../features/pilots/pilot.service.js';\nexport const x = s;\n",
  'src/shared/errors.ts': "import { at } from '../core/catalog.domain.js';\nexport const e = at;\n",
  'src/config/settings.ts': "import { main } from '../main.js';\nexport const c = main;\n",
  'src/slack/notifier.ts': "import { s } from '../features/pilots/pilot.service.js';\nexport const n = s;\n",
  'src/features/home/home.service.ts': "import { a } from '../../app/compose.js';\nexport const h = a;\n",
  'src/app/compose.ts': "import { helper } from '../../test/support/helper.js';\nexport const a = helper;\n",
  'src/main.ts': "import { c } from './config/settings.js';\nexport const main = c;\n",
  'src/db/a.ts': "import { b } from './b.js';\nexport const a = () => b;\n",
  'src/db/b.ts': "import { a } from './a.js';\nexport const b = () => a;\n",
  'test/support/helper.ts': 'export const helper = 1;\n',
};

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'pilotgate-dep-rules-'));
  copyFileSync(path.join(repoRoot, '.dependency-cruiser.cjs'), path.join(dir, '.dependency-cruiser.cjs'));
  symlinkSync(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'));
  const compilerOptions = { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true };
  writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['src', 'test'] }));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  const res = spawnSync(
    path.join(dir, 'node_modules/.bin/depcruise'),
    ['src', '--config', '.dependency-cruiser.cjs', '-T', 'json'],
    { cwd: dir, encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024 },
  );
  if (!res.stdout) throw new Error(`depcruise printed nothing: ${res.error?.message ?? res.stderr}`);
  const result = JSON.parse(res.stdout) as {
    summary: { violations: Array<{ rule: { name: string }; from: string; to: string }> };
  };
  violations = result.summary.violations.map((v) => ({
    rule: v.rule.name,
    from: v.from,
    // Packages resolve through the node_modules link; keep the part a reader recognises.
    to: v.to.replace(/^.*node_modules\//, 'node_modules/'),
  }));
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const ruleOf = (from: string, to: string) =>
  violations.filter((v) => v.from === from && v.to.startsWith(to)).map((v) => v.rule);

describe('.dependency-cruiser.cjs', () => {
  it.each([
    ['no-circular', 'src/db/a.ts', 'src/db/b.ts'],
    ['pure-no-infrastructure', 'src/features/reviews/review.domain.ts', 'node_modules/agenda/'],
    ['pure-no-infrastructure', 'src/features/reviews/review.views.ts', 'node_modules/@slack/web-api/'],
    ['pure-no-slack-types', 'src/features/reviews/review.policy.ts', 'node_modules/@slack/types/'],
    ['views-slack-types-type-only', 'src/features/reviews/review-card.views.ts', 'node_modules/@slack/types/'],
    ['pure-no-io-roles', 'src/features/reviews/review.domain.ts', 'src/features/pilots/pilot.service.ts'],
    ['pure-no-io-roles', 'src/core/manifest.schema.ts', 'src/features/pilots/pilot.service.ts'],
    ['feature-no-foreign-model-or-repo', 'src/features/reviews/review.service.ts', 'src/features/pilots/pilot.repo.ts'],
    ['src-no-test-or-scripts', 'src/app/compose.ts', 'test/support/helper.ts'],
    ['shared-imports-nothing', 'src/shared/errors.ts', 'src/core/catalog.domain.ts'],
    ['core-imports-only-shared', 'src/core/manifest.schema.ts', 'src/features/pilots/pilot.service.ts'],
    ['infrastructure-no-features-or-app', 'src/slack/notifier.ts', 'src/features/pilots/pilot.service.ts'],
    ['infrastructure-no-features-or-app', 'src/config/settings.ts', 'src/main.ts'],
    ['features-no-app', 'src/features/home/home.service.ts', 'src/app/compose.ts'],
  ])('%s: %s → %s', (rule, from, to) => {
    expect(ruleOf(from, to)).toContain(rule);
  });

  it('allows what the layout allows', () => {
    const allowed = [
      ['src/core/catalog.domain.ts', 'src/shared/clock.ts'],
      ['src/features/pilots/pilot.service.ts', 'src/features/pilots/pilot.repo.ts'],
      ['src/features/pilots/pilot.repo.ts', 'node_modules/mongoose/'],
      ['src/features/pilots/pilot.views.ts', 'node_modules/@slack/types/'],
      ['src/features/pilots/pilot.views.ts', 'src/core/catalog.domain.ts'],
      ['src/features/reviews/review.service.ts', 'src/features/pilots/pilot.service.ts'],
    ];
    for (const [from, to] of allowed) expect(ruleOf(from!, to!), `${from} → ${to}`).toEqual([]);
  });
});
