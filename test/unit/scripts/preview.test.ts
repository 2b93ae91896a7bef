import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writePreview } from '../../../scripts/preview.js';
import { ROLE_IDS } from '../../../src/core/catalog.domain.js';
import { questionnairePages } from '../../../src/features/questionnaires/questionnaire-pages.domain.js';
import { checkMessage, checkView, formatViolation } from '../../support/block-kit-checker.js';
import { defaultManifest } from '../core/manifest.fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'pilotgate-preview-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const surfaces = writePreview(join(dir, 'preview'));
const out = join(dir, 'preview');

describe('npm run preview', () => {
  it('writes one parseable JSON file per surface, each listed in index.md with its text and builder link', () => {
    const files = readdirSync(out).filter((f) => f.endsWith('.json'));
    expect(new Set(surfaces.map((s) => s.file)).size).toBe(surfaces.length);
    expect(files.sort()).toEqual(surfaces.map((s) => s.file).sort());
    const index = readFileSync(join(out, 'index.md'), 'utf8');
    for (const s of surfaces) {
      expect(existsSync(join(out, s.file)), s.file).toBe(true);
      expect(JSON.parse(readFileSync(join(out, s.file), 'utf8'))).toEqual(s.payload);
      expect(index).toContain(`](${s.file})`);
      if (s.link) expect(index).toContain(s.link);
    }
  });

  it('covers every surface the product shows', () => {
    const names = surfaces.map((s) => s.name);
    const pages = ROLE_IDS.flatMap((role) =>
      questionnairePages(defaultManifest().questionnaires[role]).map(
        (p) => `questionnaire ${role} page ${p.index + 1}`,
      ),
    );
    for (const name of [
      'reviewCard',
      'reviewCard (all in)',
      'reviewCard (decided)',
      'reviewCard (in production, 90-day review due)',
      ...pages,
      'decisionModal',
      'reviewDetailsModal',
      'homeView',
      'digestMessage',
      'purgatoryAlert',
      'nudgeMessage',
      'planReminder',
      'settingsModal',
      'registrationModal',
      'gateStatusReply',
      'pilotListMessage',
      'noRoleMessage',
      'decisionRecordComment',
      'workflow step: gate status outputs',
    ]) {
      expect(names).toContain(name);
    }
  });

  it('every surface passes the Slack simulator’s Block Kit checks, and its link opens that very payload', () => {
    for (const s of surfaces) {
      const violations =
        s.kind === 'message' ? checkMessage(s.payload as never) : s.kind === 'text' ? [] : checkView(s.payload);
      expect(violations.map(formatViolation), s.name).toEqual([]);
      if (s.kind === 'text') {
        expect(s.link).toBeUndefined();
        continue;
      }
      const [base, fragment] = (s.link ?? '').split('#');
      expect(base).toBe('https://app.slack.com/block-kit-builder');
      const opened = JSON.parse(decodeURIComponent(fragment ?? ''));
      if (s.kind === 'message') expect(opened).toEqual({ blocks: (s.payload as { blocks: unknown }).blocks });
      else expect(opened).toEqual({ ...(s.payload as object), type: s.kind });
    }
  });
});
