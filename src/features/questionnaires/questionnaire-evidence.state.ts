/**
 * The evidence inputs of a questionnaire page: per signal whose assessment is on the page, the saved
 * items kept (ticked), new links (address + title rows) and new files (Slack's file_input). Pure: reads
 * the page's inputs (questionnaire.state.ts) and what the page was opened with.
 */
import type { Answers } from '../../core/answers.domain.js';
import type { SignalId } from '../../core/catalog.domain.js';
import {
  EVIDENCE_TITLE_MAX,
  type EvidenceItem,
  evidenceIn,
  evidenceItemKey,
  evidenceKey,
  MAX_EVIDENCE_FILES,
  MAX_EVIDENCE_LINKS,
  titleOfLink,
  webAddress,
} from '../../core/evidence.domain.js';
import type { AssessmentQuestion, Questionnaire } from '../../core/manifest.schema.js';
import { QuestionnaireField as F, QuestionnaireField } from '../../slack/ids.js';
import type { PageInputs } from './questionnaire.state.js';

/** The error on a signal assessed at a level its manifest wants evidence for, with none attached. */
export const EVIDENCE_REQUIRED = 'Add a link or file that shows this.';

/** What one signal's evidence inputs on a page hold. */
export interface PageEvidence {
  signal: SignalId;
  /** Keys (evidenceItemKey) of the saved items still ticked (none when the page showed none). */
  keep: string[];
  links: EvidenceItem[];
  files: EvidenceItem[];
  /** The block ids of the first and last link rows shown (where a missing or too many links error goes). */
  firstLinkBlock?: string;
  lastLinkBlock?: string;
}

/** The assessment questions of the page whose signal the role assesses: each gets evidence inputs. */
export function evidenceQuestions(q: Questionnaire, pageQuestionIds: readonly string[]): AssessmentQuestion[] {
  return q.questions.filter(
    (x): x is AssessmentQuestion =>
      x.kind === 'assessment' && pageQuestionIds.includes(x.id) && q.purview[x.signal] !== undefined,
  );
}

/** Value of a kept item's checkbox: `l:`/`f:` (so a page counts kept links and files) and the item's key. */
export const keepValue = (item: EvidenceItem): string => `${item.kind === 'link' ? 'l' : 'f'}:${evidenceItemKey(item)}`;

/** Each signal's evidence inputs on the page, or what to fix, keyed by block id. */
export function parsePageEvidence(
  q: Questionnaire,
  pageQuestionIds: readonly string[],
  inputs: PageInputs,
): { evidence: PageEvidence[]; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  // A signal whose evidence inputs are all absent (a form opened before they existed) keeps what is saved.
  const shown = evidenceQuestions(q, pageQuestionIds).filter(({ signal }) =>
    Object.keys(inputs).some((id) => QuestionnaireField.evidenceOf(id)?.signal === signal),
  );
  const evidence = shown.map(({ signal }) => {
    const keep = (inputs[F.evidenceKeep(signal)]?.selected_options ?? []).map((o) => o.value.slice(2));
    const links: EvidenceItem[] = [];
    let lastLinkBlock: string | undefined;
    for (let row = 0; inputs[F.evidenceLink(signal, row)] || inputs[F.evidenceTitle(signal, row)]; row++) {
      lastLinkBlock = F.evidenceLink(signal, row);
      const raw = inputs[F.evidenceLink(signal, row)]?.value?.trim() ?? '';
      const title = (inputs[F.evidenceTitle(signal, row)]?.value ?? '').trim().replace(/\s+/g, ' ');
      if (raw === '' && title === '') continue;
      const url = raw === '' ? null : webAddress(raw);
      if (raw === '') errors[lastLinkBlock] = 'Add the web address of this link, or clear its title.';
      else if (!url) errors[lastLinkBlock] = 'Enter a web address that starts with https://';
      else links.push({ kind: 'link', title: (title || titleOfLink(url)).slice(0, EVIDENCE_TITLE_MAX), url });
    }
    const files: EvidenceItem[] = (inputs[F.evidenceFiles(signal)]?.files ?? []).flatMap((f) =>
      f.permalink
        ? [
            {
              kind: 'file' as const,
              title: (f.name || f.id).slice(0, EVIDENCE_TITLE_MAX),
              url: f.permalink,
              fileId: f.id,
            },
          ]
        : [],
    );
    const rows = lastLinkBlock ? { firstLinkBlock: F.evidenceLink(signal, 0), lastLinkBlock } : {};
    return { signal, keep, links, files, ...rows };
  });
  return { evidence, errors };
}

/**
 * The page's evidence as answers (`@evidence:<signal>`): the items of `opened` (what the page showed as
 * saved) still ticked, then the new links and files, each item once.
 */
export function evidenceAnswers(evidence: readonly PageEvidence[], opened: Answers): Answers {
  const answers: Answers = {};
  for (const e of evidence) {
    const kept = evidenceIn(opened, e.signal).filter((it) => e.keep.includes(evidenceItemKey(it)));
    const byKey = new Map<string, EvidenceItem>();
    for (const it of [...kept, ...e.links, ...e.files])
      if (!byKey.has(evidenceItemKey(it))) byKey.set(evidenceItemKey(it), it);
    answers[evidenceKey(e.signal)] = [...byKey.values()];
  }
  return answers;
}

/** Whether every ticked key of the page is among the items of `opened` (else the page was opened on others). */
export function keptFound(evidence: readonly PageEvidence[], opened: Answers): boolean {
  return evidence.every((e) => {
    const known = new Set(evidenceIn(opened, e.signal).map(evidenceItemKey));
    return e.keep.every((k) => known.has(k));
  });
}

const LEVELS = { confirmed: ['confirmed'], conditional: ['confirmed', 'conditional'] } as const;

/**
 * What the page's evidence breaks, keyed by block id: more than 5 links or 5 files for a signal, or an
 * assessment at a level its question wants evidence for with none attached.
 */
export function evidenceErrors(
  q: Questionnaire,
  pageQuestionIds: readonly string[],
  evidence: readonly PageEvidence[],
  answers: Answers,
): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const question of evidenceQuestions(q, pageQuestionIds)) {
    const { signal } = question;
    const e = evidence.find((x) => x.signal === signal);
    const items = evidenceIn(answers, signal);
    const links = items.filter((it) => it.kind === 'link').length;
    const files = items.length - links;
    if (links > MAX_EVIDENCE_LINKS && e?.lastLinkBlock)
      errors[e.lastLinkBlock] = `At most ${MAX_EVIDENCE_LINKS} links per signal: untick one above or clear this one.`;
    if (files > MAX_EVIDENCE_FILES)
      errors[F.evidenceFiles(signal)] =
        `At most ${MAX_EVIDENCE_FILES} files per signal: untick one above or attach fewer.`;
    const rule = question.evidence;
    if (rule && items.length === 0 && (LEVELS[rule.requiredFor] as readonly unknown[]).includes(answers[question.id])) {
      errors[e?.firstLinkBlock ?? F.evidenceFiles(signal)] = EVIDENCE_REQUIRED;
    }
  }
  return errors;
}
