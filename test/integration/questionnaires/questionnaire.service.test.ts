import mongoose from 'mongoose';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Answers } from '../../../src/core/answers.domain.js';
import { ROLE_IDS } from '../../../src/core/catalog.domain.js';
import { evidenceIn } from '../../../src/core/evidence.domain.js';
import { QuestionnaireMetadata } from '../../../src/features/questionnaires/answer-flow.schema.js';
import { questionnairePageModal } from '../../../src/features/questionnaires/answer-flow.views.js';
import type { QuestionnaireOpen } from '../../../src/features/questionnaires/questionnaire.service.js';
import { readPageInputs } from '../../../src/features/questionnaires/questionnaire.state.js';
import { QuestionnaireDraftRepo } from '../../../src/features/questionnaires/questionnaire-draft.repo.js';
import { finishStalledAudits } from '../../../src/features/reviews/answer-audit.service.js';
import { DomainError } from '../../../src/shared/errors.js';
import { decodeMetadata } from '../../../src/slack/private-metadata.js';
import { questionnaireState, validAnswers } from '../../support/flows/answer.js';
import { serviceWorld } from '../../support/service-world.js';
import { useTestDatabase } from '../../support/test-db.js';
import { goodAnswers } from '../../unit/core/manifest.fixture.js';

useTestDatabase();

const w = serviceWorld('T0INT');
const TEAM = w.team;
const { manifest, clock, notifier } = w;
const { reviews, audit } = w.repos;
const service = w.services.questionnaires;
const drafts = new QuestionnaireDraftRepo();

async function openReview(name: string) {
  const { reviewId } = await w.openPilot(name);
  return (await reviews.byId(TEAM, reviewId))!;
}

beforeAll(async () => {
  await Promise.all(mongoose.modelNames().map((n) => mongoose.model(n).init()));
});

describe('QuestionnaireDraftRepo', () => {
  const key = { teamId: TEAM, reviewId: 'r'.repeat(24), round: 1, role: 'operational_lead' as const };

  it('merges pages question by question, is scoped by team, and clears', async () => {
    await drafts.savePage(key, 'U2', { kpi_assessment: 'confirmed', kpi_results: 'first' }, clock.now());
    await drafts.savePage(key, 'U2', { kpi_results: 'second', bc_investment: 10 }, clock.now());
    expect(await drafts.get(key)).toEqual({ kpi_assessment: 'confirmed', kpi_results: 'second', bc_investment: 10 });
    expect(await drafts.get({ ...key, teamId: 'T0OTHER' })).toEqual({});
    await drafts.clear(key);
    expect(await drafts.get(key)).toEqual({});
  });

  it('keeps one document when two first pages race', async () => {
    const racing = { ...key, role: 'change_lead' as const };
    await Promise.all([
      drafts.savePage(racing, 'U5', { users_total: 5 }, clock.now()),
      drafts.savePage(racing, 'U5', { users_trained_pct: 50 }, clock.now()),
    ]);
    expect(await mongoose.connection.collection('questionnaire_drafts').countDocuments({ role: 'change_lead' })).toBe(
      1,
    );
  });
});

describe('QuestionnaireService.submit', () => {
  it('saves, audits before → after, and refuses the wrong person, missing answers and another workspace', async () => {
    const review = await openReview('Service pilot');
    const answers = goodAnswers(manifest.questionnaires.technology_lead);
    const input = { teamId: TEAM, reviewId: review.id, role: 'technology_lead' as const, userId: 'U3', answers };

    await expect(service.submit({ ...input, userId: 'U9' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(service.submit({ ...input, teamId: 'T0OTHER' })).rejects.toMatchObject({ code: 'not_found' });
    const incomplete = service.submit({ ...input, answers: { ...answers, data_assessment: null } });
    await expect(incomplete).rejects.toMatchObject({
      code: 'invalid_input',
      fieldErrors: { 'q:data_assessment': 'Answer this question.' },
    });
    expect(await reviews.answerFor(TEAM, review.id, 1, 'technology_lead')).toBeNull();

    await service.submit(input);
    await service.submit({ ...input, answers: { ...answers, monitoring_in_place: false } });
    const events = (await audit.forReview(TEAM, review.id)).filter((e) => e.type === 'answer.submitted');
    expect(
      events.map((e) => [e.before === null, (e.after as { monitoring_in_place: boolean }).monitoring_in_place]),
    ).toEqual([
      [true, true],
      [false, false],
    ]);
  });

  it('refuses after the decision with the locked message', async () => {
    const review = await openReview('Locked pilot');
    await reviews.recordDecision(
      TEAM,
      review.id,
      {
        decision: 'terminate',
        reason: 'r',
        by: 'U1',
        at: clock.now(),
        round: 1,
      },
      0,
    );
    const attempt = service.submit({
      teamId: TEAM,
      reviewId: review.id,
      role: 'change_lead',
      userId: 'U5',
      answers: goodAnswers(manifest.questionnaires.change_lead),
    });
    await expect(attempt).rejects.toThrow(DomainError);
    await expect(attempt).rejects.toThrow('The sponsor has recorded a decision; answers are locked');
  });
});

describe('QuestionnaireService.submitPage, an edit', () => {
  const role = 'technology_lead' as const;
  const pageOf = (open: QuestionnaireOpen) => questionnairePageModal({ ...open, pilotName: open.pilot.name });
  const inputsFor = (answers: Answers, view: { blocks: unknown[] }) =>
    readPageInputs(questionnaireState(manifest, role, answers, view.blocks));

  async function savedOnce(name: string) {
    const review = await openReview(name);
    const ids = { teamId: TEAM, reviewId: review.id, role, userId: 'U3' };
    const first = validAnswers(manifest, role, 'confirmed');
    const inputs = inputsFor(first, pageOf(await service.questionnaire(ids)));
    expect((await service.submitPage({ ...ids, page: 0, round: 1, inputs })).kind).toBe('saved');
    return { review, ids, first };
  }

  it('reads no stored answers: the page carries the evidence it kept, the write returns what it replaced', async () => {
    const { review, ids, first } = await savedOnce('Edited pilot');
    // Reopened on the saved answers: the page carries the evidence it shows ticked.
    const open = await service.questionnaire(ids);
    const meta = decodeMetadata(QuestionnaireMetadata, pageOf(open).private_metadata);
    expect(meta?.kept?.data_infrastructure).toEqual(evidenceIn(first, 'data_infrastructure'));
    const edited = validAnswers(manifest, role, 'conditional');
    const read = vi.spyOn(reviews, 'answerFor');
    try {
      const outcome = await service.submitPage({ ...ids, ...meta!, inputs: inputsFor(edited, pageOf(open)) });
      expect(outcome.kind).toBe('saved');
      expect(read).not.toHaveBeenCalled();
    } finally {
      read.mockRestore();
    }
    expect(await reviews.answerFor(TEAM, review.id, 1, role)).toEqual(edited);
    const events = (await audit.forReview(TEAM, review.id)).filter((e) => e.type === 'answer.submitted');
    expect(events.map((e) => [e.before, e.after])).toEqual([
      [null, first],
      [first, edited],
    ]);
  });

  it('a stalled edit is finished with the answers it replaced, taken from the trail', async () => {
    const { review, ids, first } = await savedOnce('Stalled edit pilot');
    clock.advance(60_000);
    const open = await service.questionnaire(ids);
    const meta = decodeMetadata(QuestionnaireMetadata, pageOf(open).private_metadata)!;
    const edited = validAnswers(manifest, role, 'conditional');
    const append = vi.spyOn(audit, 'appendEvents').mockRejectedValueOnce(new Error('database gone'));
    try {
      await expect(service.submitPage({ ...ids, ...meta, inputs: inputsFor(edited, pageOf(open)) })).rejects.toThrow(
        'database gone',
      );
    } finally {
      append.mockRestore();
    }
    const finished = await finishStalledAudits({ audit, reviews }, new Date(clock.now().getTime() + 60_000), {
      only: { reviewId: review.id, round: 1, role },
    });
    expect(finished.map((a) => a.role)).toEqual([role]);
    const events = (await audit.forReview(TEAM, review.id)).filter((e) => e.type === 'answer.submitted');
    expect(events.map((e) => [e.before, e.after])).toEqual([
      [null, first],
      [first, edited],
    ]);
  });
});

describe('QuestionnaireService.publish', () => {
  it('opens one disagreement thread on the card even when saves publish at the same time', async () => {
    const review = await openReview('Thread pilot');
    const sponsor = { ...goodAnswers(manifest.questionnaires.executive_sponsor), kpi_assessment: 'failed' };
    await service.submit({
      teamId: TEAM,
      reviewId: review.id,
      role: 'executive_sponsor',
      userId: 'U1',
      answers: sponsor,
    });
    const ops = goodAnswers(manifest.questionnaires.operational_lead);
    await service.submit({ teamId: TEAM, reviewId: review.id, role: 'operational_lead', userId: 'U2', answers: ops });
    await Promise.all(ROLE_IDS.map(() => service.publish(TEAM, review.id, 'U2')));
    const card = (await reviews.byId(TEAM, review.id))!.card!;
    const threads = notifier.posts.filter((p) => p.threadTs === card.ts);
    expect(threads).toHaveLength(1);
    expect(threads[0]?.msg.text).toContain('<@U1> (Sponsor) failed, <@U2> (Ops) confirmed');
    const stored = await reviews.byId(TEAM, review.id);
    expect(stored?.statuses.find((s) => s.signal === 'kpi_validation')).toMatchObject({
      status: 'failed',
      disagreement: { roles: ['executive_sponsor', 'operational_lead'] },
    });
  });
});
