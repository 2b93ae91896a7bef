import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import type { Answers } from '../../src/core/answers.domain.js';
import { type EvidenceItem, evidenceKey } from '../../src/core/evidence.domain.js';
import { EVIDENCE_REQUIRED } from '../../src/features/questionnaires/questionnaire-evidence.state.js';
import { QuestionnaireField as F, Ids } from '../../src/slack/ids.js';
import { eventually, useApp } from '../support/app-harness.js';
import {
  nextPage,
  type OpenView,
  openQuestionnaire,
  reviewIdOf,
  submitPage,
  validAnswers,
} from '../support/flows/answer.js';
import { CHANNEL, registerPilot, STAKEHOLDERS } from '../support/flows/register.js';

const h = useApp({ now: new Date('2026-11-25T12:00:00Z') });
const answersDoc = (reviewId: string) =>
  mongoose.connection.collection('answers').findOne({ reviewId, role: 'operational_lead', round: 1 });
const events = (reviewId: string, type: string) =>
  mongoose.connection.collection('audit_events').find({ reviewId, type }).sort({ seq: 1 }).toArray();

const role = 'operational_lead' as const;
const userId = STAKEHOLDERS[role];
const KPI = evidenceKey('kpi_validation');
const report: EvidenceItem = {
  kind: 'link',
  title: 'KPI validation report, March data',
  url: 'https://wiki.example.com/kpi/march',
};
const sheet: EvidenceItem = {
  kind: 'file',
  title: 'kpi-results-march.xlsx',
  url: 'https://simteam.slack.com/files/U0OPS/F0KPISHEET/kpi-results-march.xlsx',
  fileId: 'F0KPISHEET',
};

async function newReview(name: string): Promise<string> {
  await registerPilot(h, { name });
  await eventually(() => h.sim.lastMessageIn(CHANNEL));
  const reviewId = await eventually(() => reviewIdOf(h, name).catch(() => null));
  await eventually(async () => (await mongoose.connection.collection('reviews').findOne({}))?.card?.ts);
  return reviewId;
}

/** Opens the ops lead's questionnaire and submits its pages with `answers` until one is refused or the last is saved. */
async function answerOps(reviewId: string, answers: Answers) {
  let view = await openQuestionnaire(h, { reviewId, role, userId });
  const pages = [view];
  for (;;) {
    const ack = await submitPage(h, { userId, role, view, answers });
    const next = nextPage(ack, view);
    if (!next) return { ack, pages };
    view = next;
    pages.push(view);
  }
}

const pageWith = (view: OpenView, blockId: string) =>
  (view.blocks as { block_id?: string }[]).some((b) => b.block_id === blockId);

describe('evidence per signal', () => {
  it('refuses Confirmed on KPI validation without evidence, inline on the link field, and saves nothing', async () => {
    const reviewId = await newReview('Evidence required pilot');
    const manifest = h.server.deps.manifests.current;
    const { ack } = await answerOps(reviewId, validAnswers(manifest, role, 'confirmed', { [KPI]: [] }));
    expect(ack.json).toEqual({
      response_action: 'errors',
      errors: { [F.evidenceLink('kpi_validation', 0)]: EVIDENCE_REQUIRED },
    });
    expect(await answersDoc(reviewId)).toBeNull();
    // Conditional needs none.
    const conditional = await answerOps(reviewId, validAnswers(manifest, role, 'conditional', { [KPI]: [] }));
    expect((conditional.ack.json as { response_action?: string } | undefined)?.response_action).not.toBe('errors');
    expect(h.sim.violations).toEqual([]);
  });

  it('keeps a link and a Slack file by reference, audits each one, and removes an unticked one with a trace', async () => {
    const reviewId = await newReview('Evidence kept pilot');
    const manifest = h.server.deps.manifests.current;
    const { ack, pages } = await answerOps(
      reviewId,
      validAnswers(manifest, role, 'confirmed', { [KPI]: [report, sheet] }),
    );
    expect(ack.status).toBe(200);
    expect(pages.some((p) => pageWith(p, F.evidenceFiles('kpi_validation')))).toBe(true);
    const saved = await eventually(() => answersDoc(reviewId));
    expect(saved?.answers[KPI]).toEqual([report, sheet]);
    const added = await eventually(async () => {
      const found = await events(reviewId, 'evidence.added');
      return found.length >= 3 ? found : null;
    });
    expect(added.filter((e) => e.subject === 'operational_lead/kpi_validation').map((e) => e.after)).toEqual([
      report,
      sheet,
    ]);
    // Never downloaded: no file was read from Slack.
    expect(h.sim.calls.filter((c) => c.method.startsWith('files.') && c.method !== 'files.uploadV2')).toEqual([]);

    // Reopened: both show ticked; unticking the link removes it, and the removal is an audit event.
    const withoutLink = { ...saved!.answers, [KPI]: [sheet] };
    const again = await answerOps(reviewId, withoutLink);
    expect(again.pages.some((p) => pageWith(p, F.evidenceKeep('kpi_validation')))).toBe(true);
    expect((again.ack.json as { response_action?: string } | undefined)?.response_action).not.toBe('errors');
    await eventually(async () => ((await answersDoc(reviewId))?.answers[KPI].length === 1 ? true : null));
    const removed = await eventually(async () => {
      const found = await events(reviewId, 'evidence.removed');
      return found.length > 0 ? found : null;
    });
    expect(removed.map((e) => [e.subject, e.before])).toEqual([['operational_lead/kpi_validation', report]]);
    expect(h.sim.violations).toEqual([]);
  });

  it('Add another link adds a row in place, up to five links, and the view stays within Slack limits', async () => {
    const reviewId = await newReview('Evidence rows pilot');
    // The KPI assessment and its evidence are on the first page.
    let view = await openQuestionnaire(h, { reviewId, role, userId });
    for (let rows = 1; rows < 5; rows++) {
      expect(pageWith(view, F.evidenceActions('kpi_validation'))).toBe(true);
      const before = h.sim.callsTo('views.update').length;
      await h.slack.blockAction({
        userId,
        actionId: Ids.review.addEvidenceLink,
        value: 'kpi_validation',
        view: { ...view },
      });
      const update = await eventually(() => h.sim.callsTo('views.update')[before]);
      view = { ...(update.args.view as OpenView), id: view.id };
      expect(pageWith(view, F.evidenceLink('kpi_validation', rows))).toBe(true);
      expect(pageWith(view, F.evidenceTitle('kpi_validation', rows))).toBe(true);
    }
    // Five rows: no room for another link, so the button is gone.
    expect(pageWith(view, F.evidenceActions('kpi_validation'))).toBe(false);
    expect(h.sim.violations).toEqual([]);
  });

  it('a bad web address gets its own inline error and nothing is saved', async () => {
    const reviewId = await newReview('Evidence bad link pilot');
    const manifest = h.server.deps.manifests.current;
    const bad: EvidenceItem = { kind: 'link', title: 'Report', url: 'javascript:alert(1)' };
    const { ack } = await answerOps(reviewId, validAnswers(manifest, role, 'confirmed', { [KPI]: [bad] }));
    expect(ack.json).toEqual({
      response_action: 'errors',
      errors: { [F.evidenceLink('kpi_validation', 0)]: 'Enter a web address that starts with https://' },
    });
    expect(await answersDoc(reviewId)).toBeNull();
  });
});
