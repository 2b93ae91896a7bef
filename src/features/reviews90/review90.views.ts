import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import { ROLE_LABELS, type RoleId, SIGNAL_IDS, SIGNAL_LABELS, STATUS_EMOJI } from '../../core/catalog.domain.js';
import { clipWords, nameInText } from '../../core/clip-words.domain.js';
import { plural, ROLE_SHORT, TERMS } from '../../core/glossary.domain.js';
import {
  actions,
  button,
  clip,
  context,
  divider,
  escapeMrkdwn,
  input,
  mention,
  plain,
  section,
} from '../../slack/blocks.js';
import { fallback, notificationText, roomAfter, userRef } from '../../slack/fallback-text.js';
import { Ids } from '../../slack/ids.js';
import { METRIC_LABELS } from '../decisions/decision.domain.js';
import type { MonitoringPlan, Pilot } from '../pilots/pilot.types.js';
import type { StoredSignalStatus } from '../reviews/review.types.js';
import type { RenderedMessage } from '../reviews/review-card.views.js';
import {
  Review90Field as F,
  HELD,
  HELD_LABELS,
  REALISED,
  REALISED_LABELS,
  type Review90Answers,
} from './review90.domain.js';

const opt = (text: string, value: string): PlainTextOption => ({ text: plain(text, 75), value });

/** The DM asking the sponsor or operational lead to complete the 90-day review. */
export function review90Invite(pilot: Pick<Pilot, 'id' | 'name'>, roles: RoleId[], liveSince: string): RenderedMessage {
  const name = escapeMrkdwn(pilot.name);
  const as = roles.map((r) => ROLE_LABELS[r]).join(' and ');
  return {
    text: fallback`Time for the ${TERMS.review90} of ${nameInText(pilot.name)}: in production since ${liveSince}, you answer as ${roles.map((r) => ROLE_SHORT[r]).join(' and ')}.`,
    blocks: [
      section(
        `📅 *${name}* has been in production since ${liveSince}: time for its *90-day review*.\nAs ${as}: were the KPI projections realised, were the five signals assessed right, and what should change before the next use case?`,
      ),
      actions(`review90.invite.${pilot.id}`, [
        button('Open the 90-day review', Ids.review90.openButton, pilot.id, 'primary'),
      ]),
    ],
  };
}

function monitoringText(plan: MonitoringPlan | undefined): string {
  if (!plan || !Array.isArray(plan.metrics)) return '_No monitoring plan was captured at the decision._';
  const lines = plan.metrics.map(
    (m) =>
      `• ${METRIC_LABELS[m.metric as keyof typeof METRIC_LABELS] ?? escapeMrkdwn(m.metric)}: ${escapeMrkdwn(clip(m.threshold, 200))}`,
  );
  return clip(
    `*Monitoring plan set at the decision*\n${lines.join('\n')}\n*Incidents:* ${clip(plan.incidentOwners ?? '', 600)}`,
    2900,
  );
}

function kpiBlocks(pilot: Pick<Pilot, 'kpis'>): KnownBlock[] {
  return pilot.kpis.flatMap((kpi, i) => [
    input(
      F.kpiActual(i),
      clip(`${kpi.name}: measured in production (baseline ${kpi.baseline}, target ${kpi.target})`, 2000),
      {
        type: 'plain_text_input',
        action_id: Ids.input,
        max_length: 300,
      },
    ),
    input(F.kpiRealised(i), clip(`${kpi.name}: projection realised?`, 2000), {
      type: 'static_select',
      action_id: Ids.input,
      placeholder: plain('Choose', 150),
      options: REALISED.map((r) => opt(REALISED_LABELS[r], r)),
    }),
  ]);
}

function signalBlocks(statuses: StoredSignalStatus[]): KnownBlock[] {
  return SIGNAL_IDS.map((signal) => {
    const at = statuses.find((s) => s.signal === signal);
    const gate = at ? `${STATUS_EMOJI[at.status]} ${at.status} at the gate` : 'not assessed';
    return input(F.signal(signal), clip(`${SIGNAL_LABELS[signal]} (${gate}): did that hold up?`, 2000), {
      type: 'static_select',
      action_id: Ids.input,
      placeholder: plain('Choose', 150),
      options: HELD.map((h) => opt(HELD_LABELS[h], h)),
    });
  });
}

/** The 90-day review modal: KPIs actual vs projected, each signal held up or not, incidents, lessons. */
export function review90Modal(
  pilot: Pick<Pilot, 'name' | 'kpis' | 'monitoringPlan'>,
  statuses: StoredSignalStatus[],
  roles: RoleId[],
  privateMetadata: string,
): ModalView {
  return {
    type: 'modal',
    callback_id: Ids.review90.modal,
    private_metadata: privateMetadata,
    title: plain('90-day review', 24),
    submit: plain('Submit', 24),
    close: plain('Cancel', 24),
    blocks: [
      section(
        `*${escapeMrkdwn(pilot.name)}*: 90 days in production. You answer as ${roles.map((r) => ROLE_LABELS[r]).join(' and ')}; your lessons go into the portfolio log.`,
      ),
      section(monitoringText(pilot.monitoringPlan)),
      divider(),
      ...kpiBlocks(pilot),
      divider(),
      ...signalBlocks(statuses),
      input(
        F.incidents,
        'Incidents since launch, and whether the monitoring thresholds caught them',
        {
          type: 'plain_text_input',
          action_id: Ids.input,
          multiline: true,
          max_length: 3000,
        },
        { optional: true },
      ),
      input(F.lessons, 'What should change before the next use case?', {
        type: 'plain_text_input',
        action_id: Ids.input,
        multiline: true,
        max_length: 3000,
      }),
    ],
  };
}

/** The channel post when a reviewer submits the 90-day review. */
/** Fewer characters than this of the lessons say nothing; the message shows them whole. */
const LESSONS_MIN = 16;

/** The notification: whose review of what and its verdict in counts, then as much of the lessons as fits. */
function postedText(pilotName: string, userId: string, answers: Review90Answers): string {
  const realised = answers.kpis.filter((k) => k.realised === 'yes').length;
  const held = SIGNAL_IDS.filter((s) => answers.signals[s] === 'held').length;
  const head =
    fallback`${TERMS.review90} of ${nameInText(pilotName)} by ${userRef(userId)}: ` +
    `${realised} of ${plural(answers.kpis.length, 'KPI')} realised, ${held} of ${plural(SIGNAL_IDS.length, 'signal')} held up.`;
  const room = roomAfter(head) - ' Lessons: '.length;
  const lessons = room >= LESSONS_MIN ? fallback` Lessons: ${clipWords(answers.lessons, room).text}` : null;
  return notificationText(head, lessons);
}

export function review90Posted(
  pilot: Pick<Pilot, 'name'>,
  userId: string,
  answers: Review90Answers,
  completed: boolean,
): RenderedMessage {
  const name = escapeMrkdwn(pilot.name);
  const realised = answers.kpis.filter((k) => k.realised === 'yes').length;
  const held = SIGNAL_IDS.filter((s) => answers.signals[s] === 'held').length;
  const summary = `${realised}/${answers.kpis.length} KPI projections realised · ${held}/5 signal assessments held up`;
  const kpiLines = answers.kpis
    .slice(0, 10)
    .map(
      (k) =>
        `• ${escapeMrkdwn(k.name)}: ${escapeMrkdwn(clip(k.actual, 100))} (target ${escapeMrkdwn(k.target)}) — ${REALISED_LABELS[k.realised]}`,
    );
  const missed = SIGNAL_IDS.filter((s) => answers.signals[s] === 'not_held').map((s) => SIGNAL_LABELS[s]);
  return {
    text: postedText(pilot.name, userId, answers),
    blocks: [
      section(`📘 *90-day review of ${name}* by ${mention(userId)}\n${summary}`),
      ...(kpiLines.length ? [section(kpiLines.join('\n'))] : []),
      ...(missed.length ? [context(`Assessed wrong at the gate: ${missed.join(', ')}`)] : []),
      section(`*Lessons for the next use case*\n${escapeMrkdwn(clip(answers.lessons, 2500))}`),
      ...(completed ? [context('The 90-day review is complete; its lessons are in the portfolio log.')] : []),
    ],
  };
}
