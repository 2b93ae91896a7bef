/**
 * Answering questionnaires through Slack, as a stakeholder would: click *Answer my questions*, pick a
 * role when holding several, submit every page of the modal, and wait until the review card shows it.
 * Answers are built from the manifest the app runs with, so tests never hard-code questions.
 */
import mongoose from 'mongoose';
import { type Answers, type AnswerValue, stringList } from '../../../src/core/answers.domain.js';
import { ROLE_IDS, ROLE_LABELS, type RoleId, type SignalId } from '../../../src/core/catalog.domain.js';
import { type EvidenceItem, evidenceIn, evidenceKey } from '../../../src/core/evidence.domain.js';
import type { ManifestSet } from '../../../src/core/manifest.domain.js';
import type { Question } from '../../../src/core/manifest.schema.js';
import { pilotNameKey } from '../../../src/features/pilots/pilot.domain.js';
import { composeKpiResults, kpiResultPrefix } from '../../../src/features/questionnaires/kpi-results.domain.js';
import { keepValue } from '../../../src/features/questionnaires/questionnaire-evidence.state.js';
import { Ids, QuestionnaireField } from '../../../src/slack/ids.js';
import { eventually, type Harness } from '../app-harness.js';
import {
  type AckResult,
  checkboxes,
  numberValue,
  plainTextValue,
  radio,
  type StateValues,
  selectedDate,
  selectedOption,
  selectedUser,
  selectedUsers,
} from '../signed-client.js';
import type { Args } from '../slack-simulator.js';
import { STAKEHOLDERS } from './register.js';

export type AssessmentChoice = 'confirmed' | 'conditional' | 'failed';

/** The user named as operational owner in "good" answers. */
export const OWNER = 'U0OWNER';
const GOOD_DATE = '2026-11-20';
/** The KPIs registerPilot registers unless told otherwise (flows/register.ts). */
export const DEFAULT_KPIS = [
  { name: 'Invoice cycle time', baseline: '4.2 days', target: '1 day' },
  { name: 'Touchless rate', baseline: '20%', target: '60%' },
];

/** A value for `q` that fires none of its caps ("good" evidence). */
function goodValue(q: Question, assessment: AssessmentChoice): AnswerValue {
  const equalsCaps = q.caps.map((c) => c.when.equals).filter((v) => v !== undefined);
  switch (q.kind) {
    case 'assessment':
      return assessment;
    case 'yes_no':
      return !equalsCaps.includes(true);
    case 'checklist':
      return q.items.map((it) => it.id);
    case 'number': {
      const belows = q.caps.map((c) => c.when.below).filter((v): v is number => v !== undefined);
      let n = Math.max(100, ...belows);
      if (q.max !== undefined) n = Math.min(n, q.max);
      if (q.min !== undefined) n = Math.max(n, q.min);
      return n;
    }
    case 'select':
      return q.options.find((o) => !equalsCaps.includes(o.value))?.value ?? q.options[0]!.value;
    case 'text':
      // Asked per KPI: stored one line per registered KPI, as the page composes it.
      if (q.perKpi)
        return composeKpiResults(
          DEFAULT_KPIS,
          DEFAULT_KPIS.map((k) => `Evidence for ${k.name}`),
        );
      return `Evidence for ${q.id}`.slice(0, q.maxLength ?? 3000);
    case 'date':
      return GOOD_DATE;
    case 'user':
      return OWNER;
    case 'users':
      return [OWNER];
  }
}

/**
 * Every question of `role` answered with evidence that fires no cap (representative data yes, every
 * checklist item ticked, a named owner U0OWNER …) and every assessment set to `assessment`.
 * An override replaces a question's value (null leaves an optional question empty).
 */
export function validAnswers(
  manifest: ManifestSet,
  role: RoleId,
  assessment: AssessmentChoice,
  overrides: Answers = {},
): Answers {
  const answers: Answers = {};
  const questionnaire = manifest.questionnaires[role];
  for (const q of questionnaire.questions) answers[q.id] = goodValue(q, assessment);
  for (const signal of Object.keys(questionnaire.purview) as SignalId[]) {
    answers[evidenceKey(signal)] = [goodEvidence(role, signal)];
  }
  return { ...answers, ...overrides };
}

/** The link a "good" answer attaches to each signal the role assesses. */
export const goodEvidence = (role: RoleId, signal: SignalId): EvidenceItem => ({
  kind: 'link',
  title: `${ROLE_LABELS[role]} evidence for ${signal}`,
  url: `https://wiki.example.com/pilots/${role}/${signal}`,
});

/** The element state Slack sends for one question's answer. */
export function stateOf(q: Question, value: AnswerValue | undefined): Args {
  const v = value ?? null;
  switch (q.kind) {
    case 'text':
      return plainTextValue(typeof v === 'string' ? v : null);
    case 'number':
      return numberValue(v === null ? null : String(v));
    case 'yes_no':
      return radio(v === null ? null : v ? 'yes' : 'no');
    case 'assessment':
      return radio(typeof v === 'string' ? v : null);
    case 'date':
      return selectedDate(typeof v === 'string' ? v : null);
    case 'user':
      return selectedUser(typeof v === 'string' ? v : null);
    case 'users':
      return selectedUsers(stringList(v));
    case 'checklist':
      return checkboxes(stringList(v));
    case 'select':
      return selectedOption(typeof v === 'string' ? v : null);
  }
}

/** view.state.values for the question blocks (`q:<id>`) present in `blocks`, from `answers`. */
export function questionnaireState(
  manifest: ManifestSet,
  role: RoleId,
  answers: Answers,
  blocks: unknown[],
): StateValues {
  const values: StateValues = {};
  const questions = manifest.questionnaires[role].questions;
  for (const block of blocks as { block_id?: string; type?: string; label?: { text: string } }[]) {
    const id = block.type === 'input' && block.block_id ? QuestionnaireField.questionOf(block.block_id) : undefined;
    const perKpi = id?.match(/^(.+)\.kpi\d+$/);
    if (perKpi && block.block_id) {
      values[block.block_id] = { v: plainTextValue(kpiFieldValue(answers[perKpi[1]!], block.label?.text ?? '')) };
      continue;
    }
    const q = id ? questions.find((x) => x.id === id) : undefined;
    if (q && block.block_id) values[block.block_id] = { v: stateOf(q, answers[q.id]) };
  }
  Object.assign(values, evidenceState(answers, blocks));
  return values;
}

type EvidenceBlock = { block_id?: string; type?: string; element?: { options?: { value: string }[] } };

/**
 * view.state.values for the evidence blocks in `blocks`, from the answers' `@evidence:<signal>`: saved
 * items shown as ticked checkboxes stay ticked when the answers hold them, other links fill the link rows
 * (address and title), other files go into the file input as Slack describes uploaded files.
 */
export function evidenceState(answers: Answers, blocks: unknown[]): StateValues {
  const values: StateValues = {};
  const inputs = (blocks as EvidenceBlock[]).filter((b) => b.type === 'input' && b.block_id);
  const signals = new Set(inputs.map((b) => QuestionnaireField.evidenceOf(b.block_id!)?.signal).filter(Boolean));
  for (const signal of signals as Set<SignalId>) {
    const items = evidenceIn(answers, signal);
    const keepBlock = inputs.find((b) => b.block_id === QuestionnaireField.evidenceKeep(signal));
    const shown = new Set((keepBlock?.element?.options ?? []).map((o) => o.value));
    if (keepBlock) values[keepBlock.block_id!] = { v: checkboxes(items.map(keepValue).filter((v) => shown.has(v))) };
    const fresh = items.filter((it) => !shown.has(keepValue(it)));
    const links = fresh.filter((it) => it.kind === 'link');
    for (const b of inputs) {
      const named = QuestionnaireField.evidenceOf(b.block_id!);
      if (named?.signal !== signal || named.row === undefined) continue;
      const link = links[named.row];
      values[b.block_id!] =
        named.part === 'link'
          ? { v: { type: 'url_text_input', value: link?.url ?? null } }
          : { v: plainTextValue(link?.title ?? null) };
    }
    const rows = inputs.filter((b) => {
      const named = QuestionnaireField.evidenceOf(b.block_id!);
      return named?.signal === signal && named.part === 'link';
    }).length;
    if (links.length > rows)
      throw new Error(`the page shows ${rows} link rows for ${signal}, the answers hold ${links.length} new links`);
    const filesBlock = QuestionnaireField.evidenceFiles(signal);
    if (inputs.some((b) => b.block_id === filesBlock)) {
      const files = fresh.filter((it) => it.kind === 'file');
      values[filesBlock] = {
        v: { type: 'file_input', files: files.map((f) => ({ id: f.fileId, name: f.title, permalink: f.url })) },
      };
    }
  }
  return values;
}

/** One KPI's field (labelled with the KPI's name) from a per-KPI answer: its line's result, else the whole text. */
function kpiFieldValue(answer: AnswerValue | undefined, kpiName: string): string | null {
  if (typeof answer !== 'string') return null;
  const line = answer.split('\n').find((l) => l.startsWith(`${kpiName} (`));
  const kpi = DEFAULT_KPIS.find((k) => k.name === kpiName);
  return line && kpi && line.startsWith(kpiResultPrefix(kpi)) ? line.slice(kpiResultPrefix(kpi).length) : answer;
}

export interface OpenView {
  id: string;
  callback_id: string;
  private_metadata: string;
  blocks: unknown[];
  /** The modal's submit button; "Next" on every page but the last. */
  submit?: { text?: string } | null;
}

const reviews = () => mongoose.connection.collection('reviews');

/** The review id of a pilot, by name, read from the database. */
export async function reviewIdOf(h: Harness, pilotName: string, teamId = h.sim.team.id): Promise<string> {
  const pilot = await mongoose.connection.collection('pilots').findOne({ teamId, nameKey: pilotNameKey(pilotName) });
  if (!pilot) throw new Error(`no pilot named ${pilotName}`);
  const review = await reviews().findOne({ teamId, pilotId: String(pilot._id) });
  if (!review) throw new Error(`pilot ${pilotName} has no review`);
  return String(review._id);
}

async function cardOf(reviewId: string): Promise<{ channel: string; ts: string }> {
  // The card is posted right after the review is saved; until then `card` is empty.
  const review = await eventually(async () => {
    const found = await reviews().findOne({ _id: new mongoose.Types.ObjectId(reviewId) });
    return found?.card?.ts ? found : null;
  });
  return review.card as { channel: string; ts: string };
}

/** The view a views.open / views.update call succeeded with, found by its trigger or view id. */
function viewFrom(h: Harness, method: string, match: (args: Args) => boolean): OpenView | undefined {
  const call = h.sim.callsTo(method).find((c) => match(c.args) && (c.response as { ok?: boolean }).ok);
  return call ? ((call.response as { view: OpenView }).view as OpenView) : undefined;
}

/**
 * Clicks *Answer my questions* on the review card as `userId` and returns the questionnaire modal of
 * `role` (picking the role first when the user holds several).
 */
export async function openQuestionnaire(
  h: Harness,
  input: { reviewId: string; role: RoleId; userId: string },
): Promise<OpenView> {
  const card = await cardOf(input.reviewId);
  const click = await h.slack.blockAction({
    userId: input.userId,
    actionId: Ids.review.answerButton,
    value: input.reviewId,
    channelId: card.channel,
    messageTs: card.ts,
  });
  if (click.status !== 200) throw new Error(`answer button failed: ${click.status} ${click.text}`);
  const opened = await eventually(() => viewFrom(h, 'views.open', (a) => a.trigger_id === click.triggerId));
  if (opened.callback_id !== Ids.review.rolePickerModal) return opened;
  const updatesBefore = h.sim.callsTo('views.update').length;
  await h.slack.blockAction({
    userId: input.userId,
    actionId: Ids.review.rolePicker,
    value: input.role,
    view: { id: opened.id },
  });
  return eventually(() =>
    h.sim.callsTo('views.update').length > updatesBefore
      ? viewFrom(h, 'views.update', (a) => a.view_id === opened.id && JSON.stringify(a.view).includes(input.role))
      : undefined,
  );
}

/** Submits one page of a questionnaire with `answers` for the questions on that page. */
export function submitPage(
  h: Harness,
  input: { userId: string; role: RoleId; view: OpenView; answers: Answers },
): Promise<AckResult> {
  const manifest = h.server.deps.manifests.current;
  return h.slack.viewSubmission({
    userId: input.userId,
    view: {
      id: input.view.id,
      callback_id: input.view.callback_id,
      private_metadata: input.view.private_metadata,
      state: { values: questionnaireState(manifest, input.role, input.answers, input.view.blocks) },
    },
  });
}

/** The next questionnaire page when a submission answered with `response_action: update`, else undefined. */
export function nextPage(ack: AckResult, current: OpenView): OpenView | undefined {
  const body = ack.json as { response_action?: string; view?: OpenView } | undefined;
  if (body?.response_action !== 'update' || body.view?.callback_id !== Ids.review.questionnaireModal) return undefined;
  return { ...body.view, id: current.id };
}

/**
 * Submits every page but the last and returns the last page, so a test can fire final submissions together.
 * Throws with the inline errors when a page is refused.
 */
export async function fillUpToLastPage(
  h: Harness,
  input: { userId: string; role: RoleId; view: OpenView; answers: Answers },
): Promise<OpenView> {
  let view = input.view;
  for (;;) {
    if (view.submit?.text !== 'Next') return view;
    const ack = await submitPage(h, { ...input, view });
    const next = nextPage(ack, view);
    if (!next) throw new Error(`page was not accepted: ${ack.text}`);
    view = next;
  }
}

/** chat.update calls that touched the review card so far. */
export const cardUpdates = (h: Harness, ts: string) =>
  h.sim.callsTo('chat.update').filter((c) => c.args.ts === ts && (c.response as { ok?: boolean }).ok).length;

/** Waits until the card was updated after `before` updates and the database counts `role` as answered. */
export async function waitForCard(h: Harness, reviewId: string, role: RoleId, before: number): Promise<void> {
  const card = await cardOf(reviewId);
  await eventually(async () => {
    const review = await reviews().findOne({ _id: new mongoose.Types.ObjectId(reviewId) });
    const answered = (review?.answeredRoles as string[] | undefined)?.includes(role);
    return answered && cardUpdates(h, card.ts) > before;
  });
}

/**
 * Answers `role`'s questionnaire through Slack as `userId`: opens it from the card, submits each page
 * with validAnswers(…, assessment, overrides), and waits until the card was updated.
 */
export async function answerAs(
  h: Harness,
  input: { reviewId: string; role: RoleId; userId: string; assessment: AssessmentChoice; overrides?: Answers },
): Promise<void> {
  const manifest = h.server.deps.manifests.current;
  const answers = validAnswers(manifest, input.role, input.assessment, input.overrides);
  const opened = await openQuestionnaire(h, input);
  const last = await fillUpToLastPage(h, { userId: input.userId, role: input.role, view: opened, answers });
  const card = await cardOf(input.reviewId);
  const before = cardUpdates(h, card.ts);
  const ack = await submitPage(h, { userId: input.userId, role: input.role, view: last, answers });
  const body = ack.json as { response_action?: string } | undefined;
  if (ack.status !== 200 || body?.response_action === 'errors') {
    throw new Error(`questionnaire of ${ROLE_LABELS[input.role]} refused: ${ack.status} ${ack.text}`);
  }
  await waitForCard(h, input.reviewId, input.role, before);
}

/** Answers every role (default confirmed) one after another, each as STAKEHOLDERS[role]. */
export async function answerAll(
  h: Harness,
  reviewId: string,
  assessments: Partial<Record<RoleId, AssessmentChoice>> = {},
  overrides: Partial<Record<RoleId, Answers>> = {},
): Promise<void> {
  for (const role of ROLE_IDS) {
    await answerAs(h, {
      reviewId,
      role,
      userId: STAKEHOLDERS[role],
      assessment: assessments[role] ?? 'confirmed',
      ...(overrides[role] ? { overrides: overrides[role] } : {}),
    });
  }
}
