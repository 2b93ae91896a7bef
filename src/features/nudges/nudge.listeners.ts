import type { App, BlockAction, OverflowAction } from '@slack/bolt';
import { z } from 'zod';
import type { Deps } from '../../app/deps.js';
import { formatLocal } from '../../shared/time.js';
import { escapeMrkdwn } from '../../slack/blocks.js';
import { Ids } from '../../slack/ids.js';
import { decodeMetadata } from '../../slack/private-metadata.js';
import { explainError } from '../../slack/respond-error.js';
import { SnoozeDate, SnoozeMetadata, type SnoozeTarget, SnoozeValue } from './nudge.schema.js';
import { nudgeServiceFor } from './nudge.service.js';
import { snoozeUntilModal } from './nudge.views.js';
import { snoozeFor, snoozeUntilDate, tomorrowIn } from './snooze.domain.js';

const SnoozeState = z.object({
  [Ids.nudge.snoozeDateBlock]: z.object({ v: z.object({ selected_date: z.string().nullish() }) }),
});

const teamOf = (body: { team: { id: string } | null; user: { id: string; team_id?: string } }) =>
  body.team?.id ?? body.user.team_id ?? '';

/** Snoozing a nudge from its DM: 1 hour, 1 day, or until a date picked in a modal. */
export function registerNudgeListeners(app: App, deps: Deps): void {
  app.action<BlockAction<OverflowAction>>(Ids.nudge.snooze, async ({ ack, body, action, client, respond }) => {
    await ack();
    const teamId = teamOf(body);
    const userId = body.user.id;
    const say = (text: string) => respond({ response_type: 'ephemeral', replace_original: false, text });
    const choice = SnoozeValue.safeParse(action.selected_option.value);
    if (!choice.success) {
      await say('That snooze menu is out of date. Use the one on the latest reminder.');
      return;
    }
    const { choice: kind, ...target } = choice.data;
    try {
      const profile = await deps.notifier.userProfile(teamId, userId).catch(() => ({ tz: 'UTC' }));
      if (kind === 'date') {
        const pilotName = await pilotNameOf(deps, teamId, target.reviewId);
        await client.views.open({
          trigger_id: body.trigger_id,
          view: snoozeUntilModal(target, tomorrowIn(deps.clock.now(), profile.tz), pilotName),
        });
        return;
      }
      const until = snoozeFor(kind, deps.clock.now());
      await say(await snoozeAndDescribe(deps, teamId, userId, target, until, profile.tz));
    } catch (error) {
      await say(explainError(error, deps.logger, { teamId, flow: 'nudge.snooze' }));
    }
  });

  app.view(Ids.nudge.snoozeUntilModal, async ({ ack, body, view }) => {
    const teamId = teamOf(body);
    const userId = body.user.id;
    const target = decodeMetadata(SnoozeMetadata, view.private_metadata);
    const state = SnoozeState.safeParse(view.state.values);
    const date = SnoozeDate.safeParse(state.success ? state.data[Ids.nudge.snoozeDateBlock].v.selected_date : '');
    if (!target || !date.success) {
      const error = target ? 'Pick a date' : 'This form is out of date; use the snooze menu on the latest reminder';
      await ack({ response_action: 'errors', errors: { [Ids.nudge.snoozeDateBlock]: error } });
      return;
    }
    const profile = await deps.notifier.userProfile(teamId, userId).catch(() => ({ tz: 'UTC' }));
    const until = snoozeUntilDate(date.data, deps.clock.now(), profile.tz);
    if (!until.ok) {
      await ack({ response_action: 'errors', errors: { [Ids.nudge.snoozeDateBlock]: until.error } });
      return;
    }
    await ack();
    try {
      const text = await snoozeAndDescribe(deps, teamId, userId, target, until.until, profile.tz);
      await deps.notifier.dm(teamId, userId, { text });
    } catch (error) {
      const text = explainError(error, deps.logger, { teamId, flow: 'nudge.snooze_until' });
      await deps.notifier.dm(teamId, userId, { text }).catch(() => undefined);
    }
  });
}

async function pilotNameOf(deps: Deps, teamId: string, reviewId: string): Promise<string> {
  const review = await deps.repos.reviews.byId(teamId, reviewId);
  const pilot = review && (await deps.repos.pilots.byId(teamId, review.pilotId));
  return pilot?.name ?? 'this pilot';
}

async function snoozeAndDescribe(
  deps: Deps,
  teamId: string,
  userId: string,
  target: SnoozeTarget,
  until: Date,
  tz: string,
): Promise<string> {
  const review = await nudgeServiceFor(deps).snooze(teamId, target, userId, until);
  if (!review) return 'That review no longer exists, so there is nothing to snooze.';
  const name = await pilotNameOf(deps, teamId, review.id);
  return `Snoozed: no reminders about ${escapeMrkdwn(name)} until ${formatLocal(until, tz)}.`;
}
