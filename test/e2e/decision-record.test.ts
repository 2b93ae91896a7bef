import { createHash } from 'node:crypto';
import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import type { ChainedEvent } from '../../src/features/audit/audit.domain.js';
import { RECORD_EVENT, verifyDecisionRecords } from '../../src/features/decisions/decision-record.service.js';
import { eventually, useApp } from '../support/app-harness.js';
import { answerAll, goodEvidence } from '../support/flows/answer.js';
import {
  CHANNEL,
  cardRef,
  choose,
  GOOD_MONITORING,
  newReview,
  openDecision,
  submitDecision,
} from '../support/flows/decide.js';
import { STAKEHOLDERS } from '../support/flows/register.js';
import { pdfLines } from '../support/pdf-text.js';

/** PRINT_SURFACES=1 prints the record's text and the exported crosswalk and evidence. */
const PRINT = process.env.PRINT_SURFACES === '1';
const h = useApp({ now: new Date('2026-11-25T12:00:00Z'), env: { GATE_ADMINS: 'U0ADMIN' } });
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const recordEvents = (reviewId: string) =>
  mongoose.connection.collection<ChainedEvent>('audit_events').find({ reviewId, type: RECORD_EVENT }).toArray();

describe('the decision record', () => {
  it('is posted as a PDF in the card’s thread once, its SHA-256 is in the audit trail, and export attaches it', async () => {
    h.sim.setUser('U0SPONSOR', { realName: 'Dana Ruiz' });
    const reviewId = await newReview(h, 'Invoice triage');
    await answerAll(h, reviewId);
    const proceed = await choose(h, await openDecision(h, reviewId), 'proceed');
    expect((await submitDecision(h, proceed, { decision: 'proceed', ...GOOD_MONITORING })).status).toBe(200);

    const card = await cardRef(reviewId);
    const file = await eventually(() => h.sim.uploadedFiles.find((f) => f.filename.endsWith('.pdf')));
    expect(file.filename).toBe('pilotgate-decision-invoice-triage-2026-11-25-round-1.pdf');
    expect(file.channelId).toBe(card.channel);
    expect(file.threadTs).toBe(card.ts);

    const [event, ...more] = await recordEvents(reviewId);
    expect(more).toEqual([]);
    expect((event?.after as { sha256?: string } | undefined)?.sha256).toBe(sha(file.bytes));

    const lines = await pdfLines(file.bytes);
    const text = lines.join(' ');
    expect(lines[0]).toBe('Decision record: Invoice triage');
    expect(text).toContain('Proceed to production');
    expect(text).toMatch(/Decided by Dana Ruiz \(U0SPONSOR\) on 2026-11-25T12:00:00.000Z, review round 1\./);
    expect(text).toContain('Kill criteria: Accuracy below 90% after eight weeks');
    expect(text).toContain('KPIs validated on representative data: Confirmed');
    expect(text).toContain('Monitoring plan');
    expect(text).toMatch(/Chain head when the record was made: event #\d+, [0-9a-f]{64}/);
    // The appendix: the crosswalk per framework control, assessments in words.
    expect(lines).toContain('Appendix: crosswalk to the AI frameworks');
    expect(text).toContain('EU AI Act (Regulation (EU) 2024/1689) Art. 12 — Record-keeping');
    expect(text).toMatch(/\(Operational lead\): Confirmed Signal: KPIs validated on representative data, Confirmed\./);
    // Each signal's evidence, as the assessors attached it through the questionnaire.
    const kpiEvidence = goodEvidence('operational_lead', 'kpi_validation');
    // A long address wraps onto the next line of the page: compare without the breaks.
    const unwrapped = (t: string) => t.replace(/\s+/g, '');
    expect(unwrapped(text)).toContain(
      unwrapped(`Evidence (link): ${kpiEvidence.title} (Operational lead): ${kpiEvidence.url}`),
    );
    if (PRINT) console.log(`--- decision record, first 60 lines\n${lines.slice(0, 60).join('\n')}`);

    const exportAck = await h.slack.command({
      text: 'export Invoice triage',
      userId: STAKEHOLDERS.operational_lead,
      channelId: CHANNEL,
    });
    expect(exportAck.status).toBe(200);
    const exported = await eventually(() =>
      h.sim.uploadedFiles.find((f) => f.filename.endsWith('.pdf') && f.channelId !== card.channel),
    );
    expect(sha(exported.bytes)).toBe(sha(file.bytes));
    const crosswalk = h.sim.uploadedFiles.find((f) => f.filename.includes('-crosswalk-'))!;
    const evidenceCsv = h.sim.uploadedFiles.find((f) => f.filename.includes('-evidence-'))!;
    expect(evidenceCsv.bytes.toString('utf8')).toContain(kpiEvidence.url);
    if (PRINT) {
      console.log(`--- crosswalk CSV\n${crosswalk.bytes.toString('utf8')}`);
      console.log(`--- evidence CSV\n${evidenceCsv.bytes.toString('utf8')}`);
    }
    expect(h.sim.uploadedFiles.filter((f) => f.channelId === card.channel)).toHaveLength(1);
    expect(h.sim.violations).toEqual([]);
  });

  it('re-renders from its stored data to the same hash, and a changed word no longer matches', async () => {
    const reviewId = await newReview(h, 'Claims summariser');
    await answerAll(h, reviewId);
    const proceed = await choose(h, await openDecision(h, reviewId), 'proceed');
    await submitDecision(h, proceed, { decision: 'proceed', ...GOOD_MONITORING });
    const events = await eventually(async () => {
      const found = await recordEvents(reviewId);
      return found.length ? found : null;
    });
    expect((await verifyDecisionRecords(events)).map((c) => c.ok)).toEqual([true]);
    const record = (events[0]!.after as { record: { decision: { label: string } } }).record;
    const tampered = {
      ...events[0]!,
      after: {
        ...(events[0]!.after as object),
        record: { ...record, decision: { ...record.decision, label: 'Terminate' } },
      },
    };
    expect((await verifyDecisionRecords([tampered])).map((c) => c.ok)).toEqual([false]);
  });
});
