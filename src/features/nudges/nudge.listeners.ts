import type { App, BlockAction, OverflowAction } from '@slack/bolt';
import { z } from 'zod';
import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import { formatLocal } from '../../shared/time.js';
import { escapeMrkdwn } from '../../slack/blocks.js';
import { Ids } from '../../slack/ids.js';
import { type ActionArgs, clickerOf, onAction } from '../../slack/pipeline/action.js';
import { onViewSubmission, submitterOf, type ViewArgs } from '../../slack/pipeline/view-submission.js';
import { decodeMetadata } from '../../slack/private-metadata.js';
import type { Replies } from '../../slack/replies.js';
import { SnoozeDate, SnoozeMetadata, type SnoozeTarget, SnoozeValue } from './nudge.schema.js';
import type { NudgeService } from './nudge.service.js';
import { snoozeUntilModal } from './nudge.views.js';
import { snoozeFor, snoozeUntilDate, tomorrowIn } from './snooze.domain.js';

/** What snoozing uses. */
export interface NudgeListenerDeps {
  nudges: Pick<NudgeService, 'snooze' | 'pilotNameOf'>;
  replies: Replies;
  clock: Clock;
  logger: Logger;
}

const SnoozeState = z.object({
  [Ids.nudge.snoozeDateBlock]: z.object({ [Ids.input]: z.object({ selected_date: z.string().nullish() }) }),
});

type SnoozeArgs = ActionArgs<BlockAction<OverflowAction>>;
const say = ({ respond }: SnoozeArgs, text: string) =>
  respond({ response_type: 'ephemeral', replace_original: false, text }).then(() => undefined);

interface SnoozeUntil {
  teamId: string;
  userId: string;
  target: SnoozeTarget;
  until: Date;
  tz: string;
}

/** Snoozing a nudge from its DM: 1 hour, 1 day, or until a date picked in a modal. */
export function registerNudgeListeners(app: App, deps: NudgeListenerDeps): void {
  app.action<BlockAction<OverflowAction>>(
    Ids.nudge.snooze,
    onAction(deps.logger, {
      flow: 'nudge.snooze',
      async handle(args: SnoozeArgs) {
        const { body, action, client } = args;
        const { teamId, userId } = clickerOf(body);
        const choice = SnoozeValue.safeParse(action.selected_option.value);
        if (!choice.success) return say(args, 'That snooze menu is out of date. Use the one on the latest reminder.');
        const { choice: kind, ...target } = choice.data;
        const tz = await deps.replies.timeZoneOf(teamId, userId);
        if (kind === 'date') {
          const pilotName = await deps.nudges.pilotNameOf(teamId, target.reviewId);
          await client.views.open({
            trigger_id: body.trigger_id,
            view: snoozeUntilModal(target, tomorrowIn(deps.clock.now(), tz), pilotName),
          });
          return;
        }
        const until = snoozeFor(kind, deps.clock.now());
        await say(args, await snoozeAndDescribe(deps, { teamId, userId, target, until, tz }));
      },
      tell: say,
    }),
  );

  // The modal only checks the date before its ack; the snooze itself and its answer (a DM) come after.
  app.view(
    Ids.nudge.snoozeUntilModal,
    onViewSubmission(deps.logger, {
      flow: 'nudge.snooze_until',
      async parse({ body, view }: ViewArgs) {
        const { teamId, userId } = submitterOf(body);
        const target = decodeMetadata(SnoozeMetadata, view.private_metadata);
        const state = SnoozeState.safeParse(view.state.values);
        const picked = state.success ? state.data[Ids.nudge.snoozeDateBlock][Ids.input].selected_date : '';
        const date = SnoozeDate.safeParse(picked);
        const refuse = (error: string) => ({
          ok: false as const,
          ack: { response_action: 'errors' as const, errors: { [Ids.nudge.snoozeDateBlock]: error } },
        });
        if (!target || !date.success) {
          return refuse(
            target ? 'Pick a date' : 'This form is out of date; use the snooze menu on the latest reminder',
          );
        }
        const tz = await deps.replies.timeZoneOf(teamId, userId);
        const until = snoozeUntilDate(date.data, deps.clock.now(), tz);
        if (!until.ok) return refuse(until.error);
        return { ok: true as const, input: { teamId, userId, target, until: until.until, tz } };
      },
      run: async (input: SnoozeUntil) => input,
      render: () => undefined,
      errors: { block: Ids.nudge.snoozeDateBlock },
      followUps: (input: SnoozeUntil) => [
        {
          step: 'nudge.snooze_until',
          run: async () => {
            const text = await snoozeAndDescribe(deps, input);
            await deps.replies.dm(input.teamId, input.userId, { text });
          },
          tell: async (text: string) => {
            await deps.replies.dm(input.teamId, input.userId, { text });
          },
        },
      ],
    }),
  );
}

async function snoozeAndDescribe(deps: NudgeListenerDeps, input: SnoozeUntil): Promise<string> {
  const { teamId, userId, target, until, tz } = input;
  const review = await deps.nudges.snooze(teamId, target, userId, until);
  if (!review) return 'That review no longer exists, so there is nothing to snooze.';
  const name = await deps.nudges.pilotNameOf(teamId, review.id);
  return `Snoozed: no reminders about ${escapeMrkdwn(name)} until ${formatLocal(until, tz)}.`;
}
