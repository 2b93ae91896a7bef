/**
 * Property-style tests of the status engine over random answers from a small seeded generator
 * (mulberry32), so a failure reproduces from its seed.
 */
import { describe, expect, it } from 'vitest';
import type { Answers, AnswerValue } from '../../../src/core/answers.domain.js';
import {
  ASSESSMENT_RANK,
  type Assessment,
  ROLE_IDS,
  type RoleId,
  type SignalStatusValue,
} from '../../../src/core/catalog.domain.js';
import type { Question } from '../../../src/core/manifest.schema.js';
import { computeSignalStatuses } from '../../../src/core/signal-status.domain.js';
import { seededRandom } from '../../support/seeded-random.js';
import { defaultManifest } from './manifest.fixture.js';

const manifest = defaultManifest();
const RUNS = 400;

type Rand = ReturnType<typeof seededRandom>;
const pick = <T>(r: Rand, list: readonly T[]): T => list[Math.floor(r() * list.length)]!;

function randomValue(r: Rand, q: Question): AnswerValue {
  switch (q.kind) {
    case 'assessment':
      return pick(r, ['confirmed', 'conditional', 'failed']);
    case 'yes_no':
      return r() < 0.7;
    case 'checklist':
      return q.items.filter(() => r() < 0.8).map((i) => i.id);
    case 'select':
      return pick(r, q.options).value;
    case 'number':
      return Math.round((q.min ?? 0) + r() * ((q.max ?? 200) - (q.min ?? 0)));
    case 'user':
      return r() < 0.8 ? 'U0OWNER' : null;
    case 'users':
      return r() < 0.5 ? ['U0A'] : null;
    case 'date':
      return '2030-03-01';
    case 'text':
      return r() < 0.8 ? 'Some evidence' : null;
  }
}

function randomAnswers(r: Rand): Partial<Record<RoleId, Answers>> {
  const answers: Partial<Record<RoleId, Answers>> = {};
  for (const role of ROLE_IDS) {
    if (r() < 0.2) continue;
    const q = manifest.questionnaires[role];
    answers[role] = Object.fromEntries(q.questions.map((x) => [x.id, randomValue(r, x)]));
  }
  return answers;
}

/** A value at least as bad as `value` for this question: a lower assessment, or a cap-triggering answer. */
function worse(r: Rand, q: Question, value: AnswerValue): AnswerValue {
  if (q.kind === 'assessment') {
    const rank = ASSESSMENT_RANK[value as Assessment];
    return pick(
      r,
      (['failed', 'conditional', 'confirmed'] as const).filter((a) => ASSESSMENT_RANK[a] <= rank),
    );
  }
  const cap = q.caps[0];
  if (!cap) return value;
  if (cap.when.equals !== undefined) return cap.when.equals;
  if (cap.when.empty) return null;
  if (cap.when.below !== undefined) return cap.when.below - 1;
  if (cap.when.unchecked_any && Array.isArray(value)) return value.slice(1);
  return value;
}

const rankOf = (s: SignalStatusValue): number => (s === 'pending' ? -1 : ASSESSMENT_RANK[s]);

describe('signal status properties', () => {
  it('a worse answer never raises any status', () => {
    for (let seed = 1; seed <= RUNS; seed++) {
      const r = seededRandom(seed);
      const answers = randomAnswers(r);
      const regulated = r() < 0.5;
      const roles = ROLE_IDS.filter((role) => answers[role]);
      if (roles.length === 0) continue;
      const role = pick(r, roles);
      const question = pick(r, manifest.questionnaires[role].questions);
      const changed = {
        ...answers,
        [role]: { ...answers[role], [question.id]: worse(r, question, answers[role]![question.id]!) },
      };
      const before = computeSignalStatuses({ manifest, answers, pilot: { regulated } });
      const after = computeSignalStatuses({ manifest, answers: changed, pilot: { regulated } });
      after.forEach((s, i) => {
        expect(rankOf(s.status), `seed ${seed}, ${role}.${question.id}, ${s.signal}`).toBeLessThanOrEqual(
          rankOf(before[i]!.status),
        );
      });
    }
  });

  it('a signal is never confirmed (it is pending) while any of its assessors is missing', () => {
    for (let seed = 1; seed <= RUNS; seed++) {
      const r = seededRandom(seed);
      const answers = randomAnswers(r);
      const list = computeSignalStatuses({ manifest, answers, pilot: { regulated: r() < 0.5 } });
      for (const s of list) {
        const missing = manifest.purview[s.signal].assessors.filter((role) => !answers[role]);
        expect(s.awaiting, `seed ${seed}`).toEqual(expect.arrayContaining(missing));
        if (missing.length > 0) expect(s.status, `seed ${seed}, ${s.signal}`).toBe('pending');
      }
    }
  });

  it('a status is never better than the worst assessment given', () => {
    for (let seed = 1; seed <= RUNS; seed++) {
      const r = seededRandom(seed);
      const list = computeSignalStatuses({ manifest, answers: randomAnswers(r), pilot: { regulated: r() < 0.5 } });
      for (const s of list) {
        if (s.status === 'pending') continue;
        const worst = Math.min(...s.assessments.map((a) => ASSESSMENT_RANK[a.value]));
        expect(rankOf(s.status), `seed ${seed}, ${s.signal}`).toBeLessThanOrEqual(worst);
        expect(s.reasons.length).toBeGreaterThanOrEqual(s.assessments.length);
      }
    }
  });
});
