import type { ModalView } from '@slack/types';
import { describe, expect, it } from 'vitest';
import type { Answers } from '../../../../src/core/answers.domain.js';
import { evidenceKey } from '../../../../src/core/evidence.domain.js';
import { Questionnaire } from '../../../../src/core/manifest.schema.js';
import { finalAnswers } from '../../../../src/features/questionnaires/answering.domain.js';
import { readPageInputs } from '../../../../src/features/questionnaires/questionnaire.state.js';
import { questionnaireModal } from '../../../../src/features/questionnaires/questionnaire.views.js';
import {
  EVIDENCE_REQUIRED,
  evidenceAnswers,
  evidenceErrors,
  keepValue,
  keptFound,
  parsePageEvidence,
} from '../../../../src/features/questionnaires/questionnaire-evidence.state.js';
import { withAnotherLinkRow } from '../../../../src/features/questionnaires/questionnaire-evidence.views.js';
import { QuestionnaireField as F } from '../../../../src/slack/ids.js';
import { checkView, formatViolation } from '../../../support/block-kit-checker.js';
import { KPI_REPORT, KPI_SHEET } from '../../../support/evidence-fixtures.js';
import { defaultManifest } from '../../core/manifest.fixture.js';

const ops = defaultManifest().questionnaires.operational_lead;
const KPI = evidenceKey('kpi_validation');
const link = KPI_REPORT;
const file = KPI_SHEET;

const page0 = ['kpi_assessment'];
const values = (v: Record<string, Record<string, unknown>>) =>
  readPageInputs(Object.fromEntries(Object.entries(v).map(([block, state]) => [block, { v: state }])));

describe('reading a page’s evidence', () => {
  it('takes ticked saved items, new link rows (title defaults to the address) and files by reference', () => {
    const inputs = values({
      [F.evidenceKeep('kpi_validation')]: { type: 'checkboxes', selected_options: [{ value: keepValue(file) }] },
      [F.evidenceLink('kpi_validation', 0)]: { type: 'url_text_input', value: 'https://wiki.example.com/runbook' },
      [F.evidenceTitle('kpi_validation', 0)]: { type: 'plain_text_input', value: '  Runbook   v2 ' },
      [F.evidenceLink('kpi_validation', 1)]: { type: 'url_text_input', value: 'https://bi.example.com/dash/' },
      [F.evidenceTitle('kpi_validation', 1)]: { type: 'plain_text_input', value: null },
      [F.evidenceFiles('kpi_validation')]: {
        type: 'file_input',
        files: [
          { id: 'F2', name: 'pilot.pdf', permalink: 'https://t.slack.com/files/U1/F2/pilot.pdf', url_private: 'x' },
        ],
      },
    });
    const { evidence, errors } = parsePageEvidence(ops, page0, inputs);
    expect(errors).toEqual({});
    const opened = { [KPI]: [link, file] };
    expect(keptFound(evidence, opened)).toBe(true);
    expect(keptFound(evidence, {})).toBe(false);
    expect(evidenceAnswers(evidence, opened)[KPI]).toEqual([
      file,
      { kind: 'link', title: 'Runbook v2', url: 'https://wiki.example.com/runbook' },
      { kind: 'link', title: 'bi.example.com/dash', url: 'https://bi.example.com/dash/' },
      { kind: 'file', title: 'pilot.pdf', url: 'https://t.slack.com/files/U1/F2/pilot.pdf', fileId: 'F2' },
    ]);
  });

  it('says what to fix on the row: a title without an address, an address that is not a web page', () => {
    const inputs = values({
      [F.evidenceLink('kpi_validation', 0)]: { type: 'url_text_input', value: null },
      [F.evidenceTitle('kpi_validation', 0)]: { type: 'plain_text_input', value: 'Report' },
      [F.evidenceLink('kpi_validation', 1)]: { type: 'url_text_input', value: 'file:///etc/passwd' },
      [F.evidenceTitle('kpi_validation', 1)]: { type: 'plain_text_input', value: null },
    });
    expect(parsePageEvidence(ops, page0, inputs).errors).toEqual({
      [F.evidenceLink('kpi_validation', 0)]: 'Add the web address of this link, or clear its title.',
      [F.evidenceLink('kpi_validation', 1)]: 'Enter a web address that starts with https://',
    });
  });

  it('leaves saved evidence alone for a form opened before the evidence fields existed', () => {
    const { evidence } = parsePageEvidence(ops, page0, values({}));
    expect(evidence).toEqual([]);
    const saved = { kpi_assessment: 'confirmed', [KPI]: [link] };
    expect(finalAnswers(ops, saved, { kpi_assessment: 'conditional' })[KPI]).toEqual([link]);
  });
});

describe('evidence rules', () => {
  const empty = parsePageEvidence(
    ops,
    page0,
    values({
      [F.evidenceLink('kpi_validation', 0)]: { type: 'url_text_input', value: null },
      [F.evidenceTitle('kpi_validation', 0)]: { type: 'plain_text_input', value: null },
    }),
  ).evidence;

  it('refuses Confirmed without a link or file where the manifest asks for one, on the first link field', () => {
    const answers: Answers = { kpi_assessment: 'confirmed', [KPI]: [] };
    expect(evidenceErrors(ops, page0, empty, answers)).toEqual({
      [F.evidenceLink('kpi_validation', 0)]: EVIDENCE_REQUIRED,
    });
    expect(evidenceErrors(ops, page0, empty, { ...answers, kpi_assessment: 'conditional' })).toEqual({});
    expect(evidenceErrors(ops, page0, empty, { ...answers, [KPI]: [file] })).toEqual({});
  });

  it('does not ask for evidence where the manifest does not (the adoption assessment)', () => {
    expect(evidenceErrors(ops, ['adoption_assessment'], [], { adoption_assessment: 'confirmed' })).toEqual({});
  });

  it('a Conditional rule asks for evidence for Conditional and Confirmed, not for Failed', () => {
    const strict = Questionnaire.parse({
      ...ops,
      questions: ops.questions.map((q) =>
        q.id === 'kpi_assessment' ? { ...q, evidence: { requiredFor: 'conditional' } } : q,
      ),
    });
    for (const [level, refused] of [
      ['confirmed', true],
      ['conditional', true],
      ['failed', false],
    ] as const) {
      const errors = evidenceErrors(strict, page0, empty, { kpi_assessment: level, [KPI]: [] });
      expect(Object.keys(errors).length > 0).toBe(refused);
    }
  });

  it('keeps at most five links and five files per signal', () => {
    const links = Array.from({ length: 6 }, (_, i) => ({ ...link, url: `https://wiki.example.com/${i}` }));
    const rows = parsePageEvidence(
      ops,
      page0,
      values({
        [F.evidenceLink('kpi_validation', 0)]: { type: 'url_text_input', value: 'https://wiki.example.com/new' },
        [F.evidenceTitle('kpi_validation', 0)]: { type: 'plain_text_input', value: null },
      }),
    ).evidence;
    expect(evidenceErrors(ops, page0, rows, { kpi_assessment: 'failed', [KPI]: links })).toEqual({
      [F.evidenceLink('kpi_validation', 0)]: 'At most 5 links per signal: untick one above or clear this one.',
    });
  });
});

describe('the evidence fields in the questionnaire', () => {
  const view = (prefill: Answers = {}) =>
    questionnaireModal({ questionnaire: ops, page: 0, pilotName: 'P', prefill, metadata: '', callbackId: 'cb' });
  const ids = (v: ModalView) => v.blocks.map((b) => b.block_id ?? b.type);

  it('close each signal the role assesses: say what is needed, one link row, Add another link, files', () => {
    const v = view();
    // After the KPI group's last question, before the next group's header.
    const at = ids(v).indexOf('q:kpi_measured_on');
    expect(ids(v)[at + 6]).toBe('header');
    expect(ids(v).slice(at + 1, at + 6)).toEqual([
      'context',
      F.evidenceLink('kpi_validation', 0),
      F.evidenceTitle('kpi_validation', 0),
      F.evidenceActions('kpi_validation'),
      F.evidenceFiles('kpi_validation'),
    ]);
    expect(JSON.stringify(v.blocks[at + 1])).toContain('Needed for Confirmed.');
    expect(v.blocks.find((b) => b.block_id === F.evidenceFiles('kpi_validation'))).toMatchObject({
      optional: true,
      element: { type: 'file_input', max_files: 5 },
    });
    expect(checkView(v).map(formatViolation)).toEqual([]);
  });

  it('show saved items ticked (a file input cannot be prefilled), and offer only the room left', () => {
    const links = Array.from({ length: 5 }, (_, i) => ({ ...link, url: `https://wiki.example.com/${i}` }));
    const v = view({ [KPI]: [...links, file] });
    const keep = v.blocks.find((b) => b.block_id === F.evidenceKeep('kpi_validation')) as unknown as {
      element: { options: { value: string }[]; initial_options: { value: string }[] };
    };
    expect(keep.element.initial_options.map((o) => o.value)).toEqual([...links, file].map(keepValue));
    expect(ids(v)).not.toContain(F.evidenceLink('kpi_validation', 0));
    expect(ids(v)).not.toContain(F.evidenceActions('kpi_validation'));
    expect(v.blocks.find((b) => b.block_id === F.evidenceFiles('kpi_validation'))).toMatchObject({
      element: { max_files: 4 },
    });
    expect(checkView(v).map(formatViolation)).toEqual([]);
  });

  it('Add another link adds rows in place up to five links, then the button goes', () => {
    let v = view({ [KPI]: [link] });
    for (const row of [1, 2, 3]) {
      v = withAnotherLinkRow(v, 'kpi_validation');
      expect(ids(v)).toContain(F.evidenceLink('kpi_validation', row));
    }
    // One saved link + four rows = five: no more room.
    expect(ids(v)).not.toContain(F.evidenceActions('kpi_validation'));
    expect(withAnotherLinkRow(v, 'kpi_validation')).toBe(v);
    expect(checkView(v).map(formatViolation)).toEqual([]);
  });

  it('stays within 100 blocks with five assessments on one page, however many rows are added', () => {
    const manifest = defaultManifest();
    const all = Questionnaire.parse({
      ...ops,
      purview: {
        kpi_validation: 'primary',
        data_infrastructure: 'also',
        governance: 'also',
        user_adoption: 'also',
        operational_ownership: 'also',
      },
      questions: [
        ...ops.questions.filter((q) => q.kind === 'assessment'),
        manifest.questionnaires.technology_lead.questions.find((q) => q.id === 'data_assessment')!,
        manifest.questionnaires.technology_lead.questions.find((q) => q.id === 'governance_assessment')!,
        ...ops.questions.filter((q) => q.kind !== 'assessment').slice(0, 5),
      ],
    });
    let v = questionnaireModal({ questionnaire: all, page: 0, pilotName: 'P', metadata: '', callbackId: 'cb' });
    for (let i = 0; i < 30; i++) {
      for (const s of [
        'kpi_validation',
        'data_infrastructure',
        'governance',
        'user_adoption',
        'operational_ownership',
      ] as const) {
        v = withAnotherLinkRow(v, s);
      }
    }
    expect(v.blocks.length).toBeLessThanOrEqual(100);
    expect(checkView(v).map(formatViolation)).toEqual([]);
  });
});
