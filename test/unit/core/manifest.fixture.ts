/**
 * Shared by the questionnaire, signal and review tests: the default manifests, answers that confirm
 * everything, and minimal valid manifests to break one rule at a time.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import type { Answers, AnswerValue } from '../../../src/core/answers.domain.js';
import { ROLE_IDS, type RoleId } from '../../../src/core/catalog.domain.js';
import { loadManifests, type ManifestSet } from '../../../src/core/manifest.loader.js';
import type { Question, Questionnaire } from '../../../src/core/manifest.schema.js';

export const MANIFESTS_DIR = fileURLToPath(new URL('../../../manifests', import.meta.url));

let cached: ManifestSet | undefined;
/** The default manifests of the repository, loaded once. */
export function defaultManifest(): ManifestSet {
  cached ??= loadManifests(MANIFESTS_DIR);
  return cached;
}

/** An answer that triggers none of the question's caps and, for assessments, confirms. */
export function goodValue(q: Question): AnswerValue {
  switch (q.kind) {
    case 'assessment':
      return 'confirmed';
    case 'yes_no':
      return true;
    case 'checklist':
      return q.items.map((i) => i.id);
    case 'select':
      return q.options.find((o) => !q.caps.some((c) => c.when.equals === o.value))!.value;
    case 'number':
      return q.max ?? Math.max(q.min ?? 0, 100);
    case 'user':
      return 'U0OWNER';
    case 'users':
      return ['U0A', 'U0B'];
    case 'date':
      return '2030-01-15';
    case 'text':
      return 'Measured on live data';
  }
}

export function goodAnswers(q: Questionnaire): Answers {
  return Object.fromEntries(q.questions.map((x) => [x.id, goodValue(x)]));
}

/** Every role submitted answers that confirm every signal. */
export function allGood(manifest: ManifestSet = defaultManifest()): Record<RoleId, Answers> {
  return Object.fromEntries(ROLE_IDS.map((r) => [r, goodAnswers(manifest.questionnaires[r])])) as Record<
    RoleId,
    Answers
  >;
}

/** A plain manifest object (as written in YAML) for tests that break one rule. */
export type RawManifest = Record<string, unknown> & { questions: Record<string, unknown>[] };

const assessment = (signal: string) => ({
  id: `${signal}_assessment`,
  kind: 'assessment',
  signal,
  label: `How do you assess ${signal}?`,
  options: [{ label: 'Confirmed' }, { label: 'Conditional — with investment' }, { label: 'Failed' }],
});

/** Minimal valid manifests with the default purview, one assessment per signal plus one evidence question. */
export function minimalManifests(): Record<RoleId, RawManifest> {
  const purview: Record<RoleId, Record<string, string>> = {
    executive_sponsor: { kpi_validation: 'also', operational_ownership: 'primary' },
    operational_lead: { kpi_validation: 'primary', user_adoption: 'also', operational_ownership: 'also' },
    technology_lead: { data_infrastructure: 'primary', governance: 'also' },
    governance_lead: { governance: 'primary' },
    change_lead: { user_adoption: 'primary' },
  };
  const make = (role: RoleId): RawManifest => ({
    role,
    version: 1,
    title: 'Review',
    intro: 'Please answer.',
    purview: purview[role],
    questions: [
      ...Object.keys(purview[role]).map(assessment),
      { id: 'notes', kind: 'text', label: 'Notes', required: false },
    ],
  });
  return Object.fromEntries(ROLE_IDS.map((r) => [r, make(r)])) as Record<RoleId, RawManifest>;
}

/** Writes one YAML file per role into a fresh temp dir and returns the dir. */
export function writeManifests(
  manifests: Partial<Record<RoleId, unknown>>,
  extra: Record<string, string> = {},
): string {
  const dir = mkdtempSync(join(tmpdir(), 'pilotgate-manifests-'));
  for (const [role, m] of Object.entries(manifests)) writeFileSync(join(dir, `${role}.yaml`), stringify(m));
  for (const [name, text] of Object.entries(extra)) writeFileSync(join(dir, name), text);
  return dir;
}
