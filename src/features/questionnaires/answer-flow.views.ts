/**
 * Views of the answering flow around the questionnaire itself: the role picker for people holding
 * several roles, the message for people holding none, notices, and the disagreement thread.
 * Pure functions of data.
 */
import type { KnownBlock, ModalView, SectionBlock } from '@slack/types';
import type { Answers } from '../../core/answers.domain.js';
import {
  type Assessment,
  ROLE_IDS,
  ROLE_LABELS,
  type RoleId,
  SIGNAL_LABELS,
  SIGNAL_SHORT,
  type SignalId,
} from '../../core/catalog.domain.js';
import { nameInText } from '../../core/clip-words.domain.js';
import { evidenceIn } from '../../core/evidence.domain.js';
import { ROLE_SHORT } from '../../core/glossary.domain.js';
import type { Questionnaire } from '../../core/manifest.schema.js';
import { button, context, escapeMrkdwn, mention, plain, section } from '../../slack/blocks.js';
import {
  fallback,
  fallbackPart,
  firstThatFits,
  joinParts,
  notificationText,
  userRef,
} from '../../slack/fallback-text.js';
import { Ids } from '../../slack/ids.js';
import { encodeMetadata } from '../../slack/private-metadata.js';
import type { Kpi, Pilot } from '../pilots/pilot.types.js';
import type { RenderedMessage } from '../reviews/review-card.views.js';
import { PickerMetadata, QuestionnaireMetadata } from './answer-flow.schema.js';
import { questionnaireModal } from './questionnaire.views.js';
import { evidenceQuestions } from './questionnaire-evidence.state.js';
import { questionnairePages } from './questionnaire-pages.domain.js';

/** Who holds each role, one line each: "• *Executive sponsor*: <@U…>". */
export function roleHolderLines(pilot: Pilot): string {
  return ROLE_IDS.map((r) => `• *${ROLE_LABELS[r]}*: ${mention(pilot.stakeholders[r])}`).join('\n');
}

/** Told to someone who clicks *Answer my questions* without holding a role. */
export function noRoleMessage(pilot: Pilot): RenderedMessage {
  const sponsor = pilot.stakeholders.executive_sponsor;
  return {
    text: notificationText(
      fallback`You hold no role in the gate review of ${nameInText(pilot.name)}, so there is nothing for you to answer.`,
      fallback` Ask ${userRef(sponsor)} if it should be you.`,
    ),
    blocks: [
      section(
        `You hold no role in the gate review of *${escapeMrkdwn(pilot.name)}*, so there is nothing for you to answer.`,
      ),
      section(`*Who holds which role*\n${roleHolderLines(pilot)}`),
      context(
        `Only the person named for a role answers its questions. If that should be you, ask ${mention(pilot.stakeholders.executive_sponsor)} (executive sponsor).`,
      ),
    ],
  };
}

/** A short message for a person, with the same words as its fallback text. */
export const notice = (text: string): RenderedMessage => ({
  text: fallback`${text}`,
  blocks: [section(escapeMrkdwn(text))],
});

const noticeSection = (text: string): SectionBlock => section(`:warning: ${escapeMrkdwn(text)}`);

/**
 * The role picker for someone holding several roles: one row per role with its state and a button
 * that swaps the picker for that role's questionnaire.
 */
export function rolePickerModal(input: {
  pilot: Pick<Pilot, 'name'>;
  reviewId: string;
  roles: RoleId[];
  answeredRoles: RoleId[];
  notice?: string;
}): ModalView {
  const rows: KnownBlock[] = input.roles.map((role) => {
    const answered = input.answeredRoles.includes(role);
    return section(
      `*${ROLE_LABELS[role]}*\n${answered ? '✅ Answered; you can edit until the decision' : '⏳ Not answered yet'}`,
      {
        block_id: Ids.review.pickerRow(role),
        accessory: button(
          answered ? 'Edit answers' : 'Answer',
          Ids.review.rolePicker,
          role,
          answered ? undefined : 'primary',
        ),
      },
    );
  });
  return {
    type: 'modal',
    callback_id: Ids.review.rolePickerModal,
    private_metadata: encodeMetadata(PickerMetadata, { reviewId: input.reviewId }),
    title: plain('Answer my questions', 24),
    close: plain('Close', 24),
    blocks: [
      ...(input.notice ? [noticeSection(input.notice)] : []),
      section(
        `You hold ${input.roles.length} roles in the gate review of *${escapeMrkdwn(input.pilot.name)}*. ` +
          'Each role answers its own questions: pick one, then come back for the next.',
      ),
      ...rows,
    ],
  };
}

/** A read-only modal that only says something (an out-of-date form, a refusal). */
export function noticeModal(title: string, text: string): ModalView {
  return {
    type: 'modal',
    callback_id: Ids.review.placeholderModal,
    title: plain(title, 24),
    close: plain('Close', 24),
    blocks: [section(escapeMrkdwn(text))],
  };
}

/** One page of a role's questionnaire with ids-only metadata, its `missing` required questions flagged. */
export function questionnairePageModal(input: {
  questionnaire: Questionnaire;
  pilotName: string;
  reviewId: string;
  role: RoleId;
  round: number;
  page: number;
  prefill: Answers;
  viaPicker?: boolean;
  /** Required questions a final submit found without an answer (flagged under their fields). */
  missing?: readonly string[];
  /** The pilot's registered KPIs and planned validation date, for a question asked per KPI. */
  kpis?: readonly Kpi[];
  kpiValidationDate?: string;
}): ModalView {
  const base = {
    reviewId: input.reviewId,
    role: input.role,
    page: input.page,
    round: input.round,
    ...(input.viaPicker ? { viaPicker: true } : {}),
  };
  const metadata = withKeptEvidence(base, input.questionnaire, input.page, input.prefill);
  return questionnaireModal({
    questionnaire: input.questionnaire,
    page: input.page,
    pilotName: input.pilotName,
    prefill: input.prefill,
    metadata,
    callbackId: Ids.review.questionnaireModal,
    ...(input.kpis ? { kpis: input.kpis } : {}),
    ...(input.kpiValidationDate ? { kpiValidationDate: input.kpiValidationDate } : {}),
    ...(input.missing ? { missing: input.missing } : {}),
  });
}

const ASSESSMENT_WORD: Record<Assessment, string> = {
  confirmed: 'Confirmed',
  conditional: 'Conditional',
  failed: 'Failed',
};

/** The thread opened on the card when two assessors of a signal are two levels apart. */
export function disagreementThread(input: {
  pilot: Pilot;
  signal: SignalId;
  sides: { role: RoleId; userId: string; value: Assessment | undefined }[];
}): RenderedMessage {
  const who = input.sides
    .map(
      (s) => `${mention(s.userId)} (${ROLE_LABELS[s.role]}) assessed it *${s.value ? ASSESSMENT_WORD[s.value] : '?'}*`,
    )
    .join(', while ');
  const label = SIGNAL_LABELS[input.signal];
  const said = fallback`${joinParts(
    input.sides.map((s) => fallbackPart`${userRef(s.userId)} (${ROLE_SHORT[s.role]}) ${s.value ?? '?'}`),
    ', ',
  )}`;
  // Who disagrees matters more than the pilot's name (the thread sits under its card); the ask comes last.
  const news = fallback`Assessors disagree on ${SIGNAL_SHORT[input.signal]}`;
  const forPilot = fallback` for ${nameInText(input.pilot.name)}`;
  const ask = ' Reconcile in this thread.';
  return {
    text: firstThatFits(`${news}${forPilot}: ${said}.${ask}`, `${news}: ${said}.${ask}`, `${news}${forPilot}.${ask}`),
    blocks: [
      section(`:warning: *Assessors disagree on ${label}*\n${who}.`),
      context(
        'Confirmed and Failed are two levels apart. Please talk it through here and edit your answers with *Answer my questions* on the card; the status takes the worst assessment until then.',
      ),
    ],
  };
}

/**
 * The page's metadata, with the saved evidence it shows ticked when that fits Slack's 3,000 characters
 * (an edit's save then keeps it without reading the stored answers); without it otherwise.
 */
function withKeptEvidence(base: QuestionnaireMetadata, q: Questionnaire, page: number, prefill: Answers): string {
  const ids = questionnairePages(q)[page]?.questionIds ?? [];
  const kept = Object.fromEntries(
    evidenceQuestions(q, ids)
      .map(({ signal }) => [signal, evidenceIn(prefill, signal)] as const)
      .filter(([, items]) => items.length > 0),
  );
  if (Object.keys(kept).length === 0) return encodeMetadata(QuestionnaireMetadata, base);
  try {
    return encodeMetadata(QuestionnaireMetadata, { ...base, kept });
  } catch {
    return encodeMetadata(QuestionnaireMetadata, base);
  }
}
