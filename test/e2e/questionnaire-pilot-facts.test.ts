import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { eventually, useApp } from '../support/app-harness.js';
import { fillUpToLastPage, openQuestionnaire, reviewIdOf, submitPage, validAnswers } from '../support/flows/answer.js';
import { CHANNEL, registerPilot, STAKEHOLDERS } from '../support/flows/register.js';

const h = useApp({ now: new Date('2026-11-25T12:00:00Z') });
const oid = (id: string) => new mongoose.Types.ObjectId(id);

async function newReview(name: string) {
  await registerPilot(h, { name });
  await eventually(() => h.sim.lastMessageIn(CHANNEL));
  const reviewId = await eventually(() => reviewIdOf(h, name).catch(() => null));
  await eventually(
    async () => (await mongoose.connection.collection('reviews').findOne({ _id: oid(reviewId) }))?.card?.ts,
  );
  return reviewId;
}

describe('questionnaires show the pilot’s own facts', () => {
  it('the operational lead answers one field per registered KPI; the answer is stored one line per KPI', async () => {
    const reviewId = await newReview('KPI rows pilot');
    const user = STAKEHOLDERS.operational_lead;
    const first = await openQuestionnaire(h, { reviewId, role: 'operational_lead', userId: user });
    const labels = (
      first.blocks as { type: string; block_id?: string; label?: { text: string }; hint?: { text: string } }[]
    )
      .filter((b) => b.block_id?.startsWith('q:kpi_results'))
      .map((b) => `${b.block_id} ${b.label?.text} (${b.hint?.text})`);
    expect(labels).toEqual([
      'q:kpi_results.kpi0 Invoice cycle time (Baseline 4.2 days · target 1 day)',
      'q:kpi_results.kpi1 Touchless rate (Baseline 20% · target 60%)',
    ]);
    const ops = validAnswers(h.server.deps.manifests.current, 'operational_lead', 'confirmed');
    const last = await fillUpToLastPage(h, { userId: user, role: 'operational_lead', view: first, answers: ops });
    const ack = await submitPage(h, { userId: user, role: 'operational_lead', view: last, answers: ops });
    expect(ack.text).toBe('');
    const stored = await eventually(() =>
      mongoose.connection.collection('answers').findOne({ reviewId, role: 'operational_lead' }),
    );
    expect(stored?.answers.kpi_results).toBe(
      'Invoice cycle time (baseline 4.2 days, target 1 day): Evidence for Invoice cycle time\n' +
        'Touchless rate (baseline 20%, target 60%): Evidence for Touchless rate',
    );
    expect(h.sim.violations).toEqual([]);
  });

  it('the sponsor who opened the review is told "You opened", with the due date as a date token', async () => {
    await newReview('Sponsor DM pilot');
    const dm = await eventually(() =>
      h.sim.dmsTo(STAKEHOLDERS.executive_sponsor).find((m) => JSON.stringify(m.blocks).includes('Sponsor DM pilot')),
    );
    const blocks = JSON.stringify(dm.blocks);
    expect(blocks).toContain('You opened a *gate review*');
    expect(blocks).not.toContain(`<@${STAKEHOLDERS.executive_sponsor}>`);
    expect(blocks).toMatch(/Please answer by \*<!date\^\d+\^\{date_short_pretty\}\|\d{4}-\d{2}-\d{2}>\*/);
    expect(h.sim.violations).toEqual([]);
  });
});
