/**
 * The evidence inputs under a signal's assessment in the questionnaire: the items already attached (ticked;
 * untick to remove), one row for a new link (address + what it shows) with *Add another link* for more,
 * and a file input. Slack's file_input cannot be prefilled, so saved files show among the ticked items.
 *
 * Blocks per signal: 1 context + 1 kept + 2 per link row + 1 actions + 1 files. A page opens with one link
 * row (6 blocks per signal; at most 5 signals, so ≤ 32 + 30 = 62 blocks), and *Add another link* adds a
 * row only while the view stays within Slack's 100 blocks.
 */
import type { FileInput, KnownBlock, ModalView, PlainTextInput, URLInput } from '@slack/types';
import type { Answers } from '../../core/answers.domain.js';
import type { SignalId } from '../../core/catalog.domain.js';
import { clipWords } from '../../core/clip-words.domain.js';
import {
  EVIDENCE_TITLE_MAX,
  type EvidenceItem,
  evidenceIn,
  MAX_EVIDENCE_FILES,
  MAX_EVIDENCE_LINKS,
} from '../../core/evidence.domain.js';
import type { AssessmentQuestion } from '../../core/manifest.schema.js';
import { actions, button, clip, context, input, option, plain } from '../../slack/blocks.js';
import { QuestionnaireField as F, Ids } from '../../slack/ids.js';
import { keepValue } from './questionnaire-evidence.state.js';

const MAX_BLOCKS = 100;
const ROW_BLOCKS = 2;

const itemText = (item: EvidenceItem): string => `${item.kind === 'link' ? '🔗' : '📄'} ${item.title}`;

/** The evidence blocks of `question`'s signal, with the items `prefill` holds ticked. */
export function evidenceBlocks(question: AssessmentQuestion, prefill: Answers): KnownBlock[] {
  const { signal } = question;
  const saved = evidenceIn(prefill, signal);
  const links = saved.filter((it) => it.kind === 'link').length;
  const files = saved.length - links;
  const rule = question.evidence
    ? question.evidence.requiredFor === 'confirmed'
      ? ' Needed for Confirmed.'
      : ' Needed for Conditional or Confirmed.'
    : '';
  const blocks: KnownBlock[] = [
    context(`:paperclip: *Evidence* — links or files that show your answers above.${rule}`),
  ];
  if (saved.length > 0) {
    const options = saved.map((it) => option(clipWords(itemText(it), 75).text, keepValue(it), clip(it.url, 75)));
    blocks.push(
      input(
        F.evidenceKeep(signal),
        'Attached (untick to remove)',
        { type: 'checkboxes', action_id: F.answerAction, options, initial_options: options },
        { optional: true },
      ),
    );
  }
  if (links < MAX_EVIDENCE_LINKS) blocks.push(...linkRow(signal, 0));
  if (links + 1 < MAX_EVIDENCE_LINKS) blocks.push(addLinkButton(signal));
  if (files < MAX_EVIDENCE_FILES) blocks.push(fileInput(signal, MAX_EVIDENCE_FILES - files));
  return blocks;
}

/** One new link: its address, then what it shows (the title readers see). */
function linkRow(signal: SignalId, row: number): KnownBlock[] {
  const url: URLInput = {
    type: 'url_text_input',
    action_id: F.answerAction,
    placeholder: plain('https://…', 150),
  };
  const title: PlainTextInput = {
    type: 'plain_text_input',
    action_id: F.answerAction,
    max_length: EVIDENCE_TITLE_MAX,
    placeholder: plain('What it shows, e.g. KPI validation report on March data', 150),
  };
  return [
    input(F.evidenceLink(signal, row), row === 0 ? 'Link' : 'Another link', url, { optional: true }),
    input(F.evidenceTitle(signal, row), 'Title of the link', title, { optional: true }),
  ];
}

const addLinkButton = (signal: SignalId): KnownBlock =>
  actions(F.evidenceActions(signal), [button('Add another link', Ids.review.addEvidenceLink, signal)]);

function fileInput(signal: SignalId, maxFiles: number): KnownBlock {
  const element: FileInput = { type: 'file_input', action_id: F.answerAction, max_files: maxFiles };
  return input(F.evidenceFiles(signal), 'Files', element, {
    optional: true,
    hint: 'PilotGate keeps a link to each file in Slack; it never downloads them.',
  });
}

type ViewBlock = { type?: string; block_id?: string; element?: { options?: { value?: string }[] } };

/**
 * The open questionnaire page with one more link row for `signal` (its *Add another link*), for
 * views.update: every other block stays as it was, so Slack keeps what was typed in them. The button
 * goes once the signal has room for no more links, or the view for no more blocks.
 */
export function withAnotherLinkRow(view: ModalView, signal: SignalId): ModalView {
  const blocks = view.blocks as ViewBlock[];
  const rowsShown = blocks.filter((b) => {
    const named = b.block_id ? F.evidenceOf(b.block_id) : undefined;
    return named?.signal === signal && named.part === 'link';
  }).length;
  const keptLinks = (blocks.find((b) => b.block_id === F.evidenceKeep(signal))?.element?.options ?? []).filter((o) =>
    o.value?.startsWith('l:'),
  ).length;
  const at = blocks.findIndex((b) => b.block_id === F.evidenceActions(signal));
  if (at < 0) return view;
  const room = keptLinks + rowsShown < MAX_EVIDENCE_LINKS && blocks.length + ROW_BLOCKS <= MAX_BLOCKS;
  if (!room) return view;
  const stillRoom = keptLinks + rowsShown + 1 < MAX_EVIDENCE_LINKS && blocks.length + 2 * ROW_BLOCKS <= MAX_BLOCKS;
  const next = [
    ...(view.blocks.slice(0, at) as KnownBlock[]),
    ...linkRow(signal, rowsShown),
    ...(stillRoom ? [view.blocks[at] as KnownBlock] : []),
    ...(view.blocks.slice(at + 1) as KnownBlock[]),
  ];
  return { ...view, blocks: next };
}
