import type { ActionsBlock, ModalView } from '@slack/types';
import { ROLE_LABELS, type RoleId, SIGNAL_LABELS, type SignalId } from '../../core/catalog.domain.js';
import { nameInText } from '../../core/clip-words.domain.js';
import { plural, ROLE_SHORT, TERMS } from '../../core/glossary.domain.js';
import { button, context, escapeMrkdwn, input, mention, plain, section } from '../../slack/blocks.js';
import { fallback } from '../../slack/fallback-text.js';
import { Ids } from '../../slack/ids.js';
import { encodeMetadata } from '../../slack/private-metadata.js';
import type { Pilot } from '../pilots/pilot.types.js';
import type { RenderedMessage } from '../reviews/review-card.views.js';
import { encodeSnooze, type SnoozeChoice, SnoozeMetadata, type SnoozeTarget } from './nudge.schema.js';

const SNOOZE_LABELS: Record<SnoozeChoice, string> = {
  '1h': 'Snooze 1 hour',
  '1d': 'Snooze 1 day',
  date: 'Snooze until a date…',
};

const roleList = (roles: RoleId[]) => roles.map((r) => ROLE_LABELS[r]).join(' and ');

/** The buttons under a nudge: the questionnaire, and a snooze menu (1 hour, 1 day, until a date). */
function nudgeActions(reviewId: string, target: SnoozeTarget): ActionsBlock {
  return {
    type: 'actions',
    block_id: Ids.nudge.actionsBlock(reviewId),
    elements: [
      button('Answer my questions', Ids.review.answerButton, reviewId, 'primary'),
      {
        type: 'overflow',
        action_id: Ids.nudge.snooze,
        options: (['1h', '1d', 'date'] as const).map((c) => ({
          text: plain(SNOOZE_LABELS[c], 75),
          value: encodeSnooze(c, target),
        })),
      },
    ],
  };
}

/** The nudge DM: what is owed (roles and signals), since when, how many reminders, and the buttons. */
/** The reminder's notification: the since-when goes when a long name leaves no room (the DM shows it). */
function reminderText(name: string, roles: RoleId[], since: string): string {
  const head = fallback`Reminder: the gate review of ${nameInText(name)} is waiting for your answers as ${roles.map((r) => ROLE_SHORT[r]).join(', ')}`;
  const full = head + fallback` (since ${since}).`;
  return full.length <= 150 ? full : `${head}.`;
}

export function nudgeMessage(input: {
  pilot: Pilot;
  reviewId: string;
  round: number;
  roles: RoleId[];
  signals: SignalId[];
  standingInFor: Partial<Record<RoleId, string>>;
  owedSinceText: string;
  n: number;
}): RenderedMessage {
  const { pilot, roles } = input;
  const roleText = roleList(roles);
  const deputyFor = Object.entries(input.standingInFor).map(
    ([role, holder]) => `You are the deputy for ${mention(holder)} (${ROLE_LABELS[role as RoleId]}), who is away.`,
  );
  const signals = input.signals.map((s) => `• ${SIGNAL_LABELS[s]}`).join('\n') || '• Your questionnaire';
  const count = input.n === 1 ? 'This is the first reminder.' : `This is reminder ${input.n}.`;
  return {
    text: reminderText(pilot.name, roles, input.owedSinceText),
    blocks: [
      section(
        `⏰ The gate review of *${escapeMrkdwn(pilot.name)}* in <#${pilot.channelId}> is waiting for your answers ` +
          `as *${roleText}*.${deputyFor.length ? `\n${deputyFor.join('\n')}` : ''}`,
      ),
      section(`*Still owed:*\n${signals}`),
      context(`Owed since ${input.owedSinceText}. ${count}`),
      nudgeActions(input.reviewId, { reviewId: input.reviewId, round: input.round }),
    ],
  };
}

export interface LateRecipient {
  userId: string;
  roles: RoleId[];
  nudges: number;
}

/** The escalation DM to the sponsor: who is late, for which roles, after how many reminders. */
export function escalationMessage(input: { pilot: Pilot; late: LateRecipient[]; owedSinceText: string }) {
  const lines = input.late.map(
    (l) => `• ${mention(l.userId)} — ${roleList(l.roles)}, ${l.nudges} reminder${l.nudges === 1 ? '' : 's'} so far`,
  );
  return {
    text: fallback`The gate review of ${nameInText(input.pilot.name)} is still waiting on ${plural(input.late.length, 'stakeholder')} after repeated ${TERMS.reminder.many}.`,
    blocks: [
      section(
        `📣 The gate review of *${escapeMrkdwn(input.pilot.name)}* in <#${input.pilot.channelId}> is still waiting ` +
          `for answers after repeated reminders. As the executive sponsor you may want to follow up:`,
      ),
      section(lines.join('\n')),
      context(`Answers owed since ${input.owedSinceText}. No decision can be recorded until they are in.`),
    ],
  } satisfies RenderedMessage;
}

/** The "until a date" snooze modal; the date is a day in the recipient's time zone. */
export function snoozeUntilModal(target: SnoozeTarget, initialDate: string, pilotName: string): ModalView {
  return {
    type: 'modal',
    callback_id: Ids.nudge.snoozeUntilModal,
    private_metadata: encodeMetadata(SnoozeMetadata, target),
    title: plain('Snooze reminders', 24),
    submit: plain('Snooze', 24),
    close: plain('Cancel', 24),
    blocks: [
      section(`No reminders about *${escapeMrkdwn(pilotName)}* until the start of the day you pick.`),
      input(Ids.nudge.snoozeDateBlock, 'Snooze until', {
        type: 'datepicker',
        action_id: Ids.input,
        initial_date: initialDate,
      }),
    ],
  };
}
