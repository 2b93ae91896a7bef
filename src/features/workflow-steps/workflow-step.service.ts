import type { z } from 'zod';
import type { Clock } from '../../shared/clock.js';
import { isDomainError } from '../../shared/errors.js';
import type { Logger } from '../../shared/logger.js';
import { localDay } from '../../shared/time.js';
import { runFollowUps } from '../../slack/pipeline/follow-up.js';
import type { StepCall, StepResult } from '../../slack/pipeline/function-step.js';
import { lookupPilot, type PilotLookupDeps } from '../commands/pilot-lookup.service.js';
import type { PilotService } from '../pilots/pilot.service.js';
import type { Pilot } from '../pilots/pilot.types.js';
import type { PilotAudience } from '../pilots/pilot-audience.service.js';
import type { ReviewStore } from '../reviews/review.port.js';
import type { Review } from '../reviews/review.types.js';
import {
  draftFromInputs,
  type GateStatusOutputs,
  gateStatusOutputs,
  inputErrorMessage,
} from './workflow-step.domain.js';
import { GateStatusInputs, OpenReviewInputs } from './workflow-step.schema.js';

/** What the steps use: the registration and review services themselves, so a step does what /gate does. */
export interface WorkflowStepDeps {
  pilots: Pick<PilotService, 'register'>;
  reviews: { open(pilot: Pilot, openedBy: string): Promise<Review> };
  reviewStore: Pick<ReviewStore, 'byId'>;
  audience: Pick<PilotAudience, 'session'>;
  lookup: PilotLookupDeps;
  timeZoneOf(teamId: string, userId: string): Promise<string>;
  /** The permalink of a message (chat.getPermalink with the workspace's token). */
  permalink(teamId: string, channel: string, ts: string): Promise<string>;
  clock: Clock;
  logger: Logger;
}

/** zod's issues as "input: what to fix", the first issue of each input. */
function inputIssues(error: z.ZodError): string {
  const byInput: Record<string, string> = {};
  for (const issue of error.issues) byInput[String(issue.path[0] ?? 'inputs')] ??= issue.message;
  return inputErrorMessage(byInput);
}

/** Workflow Builder steps (Bolt's app.function): Open a gate review and Get gate status. */
export class WorkflowStepService {
  constructor(private readonly d: WorkflowStepDeps) {}

  /** Registers the pilot and opens its review exactly as the registration modal does; outputs the card's link. */
  async openReview(call: StepCall): Promise<StepResult<{ review_link: string }>> {
    const parsed = OpenReviewInputs.safeParse(call.inputs);
    if (!parsed.success) return { ok: false, error: inputIssues(parsed.error) };
    const inputs = parsed.data;
    const { teamId, enterpriseId } = call;
    const userId = inputs.opened_by;
    const tz = await this.d.timeZoneOf(teamId, userId);
    let pilot: Pilot;
    try {
      pilot = await this.d.pilots.register({
        teamId,
        ...(enterpriseId ? { enterpriseId } : {}),
        channelId: inputs.channel,
        userId,
        draft: draftFromInputs(inputs),
        today: localDay(this.d.clock.now(), tz),
      });
    } catch (error) {
      if (isDomainError(error) && Object.keys(error.fieldErrors).length > 0) {
        return { ok: false, error: inputErrorMessage(error.fieldErrors) };
      }
      throw error;
    }
    // The registration's own follow-ups: open the review (card, invites, audit events), then the privacy.
    let opened: Review | undefined;
    let cardProblem: string | undefined;
    await runFollowUps(this.d.logger, { teamId, pilotId: pilot.id, flow: 'workflow-open-review' }, [
      {
        step: 'open-review',
        run: async () => {
          opened = await this.d.reviews.open(pilot, userId);
        },
        tell: async (text) => {
          cardProblem = text;
        },
      },
      { step: 'pilot-privacy', run: async () => void (await this.d.audience.session(teamId).isPrivate(pilot)) },
    ]);
    const card = opened ? (await this.d.reviewStore.byId(teamId, opened.id))?.card : undefined;
    if (!card) {
      const why = cardProblem ?? 'the card is not posted yet.';
      return {
        ok: false,
        error: `channel: ${pilot.name} is registered, but I could not post its review card in <#${pilot.channelId}>: ${why} If the channel is private, invite me with /invite @PilotGate, then run /gate status ${pilot.name}.`,
      };
    }
    return { ok: true, outputs: { review_link: await this.d.permalink(teamId, card.channel, card.ts) } };
  }

  /** The outcome, stage and signals of the named pilot's review, as `/gate status` shows them. */
  async gateStatus(call: StepCall): Promise<StepResult<GateStatusOutputs>> {
    const parsed = GateStatusInputs.safeParse(call.inputs);
    if (!parsed.success) return { ok: false, error: inputIssues(parsed.error) };
    const { pilot_name, asked_by } = parsed.data;
    const found = await lookupPilot(this.d.lookup, {
      teamId: call.teamId,
      channelId: '',
      arg: pilot_name,
      sub: 'status',
      userId: asked_by,
    });
    if (!found.ok) return { ok: false, error: `pilot_name: ${found.text}` };
    const { pilot, review } = found;
    if (!review) {
      return {
        ok: false,
        error: `pilot_name: ${pilot.name} is registered but its review has not opened yet; try again in a minute.`,
      };
    }
    const link = review.card ? await this.d.permalink(call.teamId, review.card.channel, review.card.ts) : undefined;
    return { ok: true, outputs: gateStatusOutputs(pilot, review, link) };
  }
}
