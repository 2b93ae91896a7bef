import type { Decision, SignalId } from '../../core/catalog.domain.js';
import type { Clock } from '../../shared/clock.js';
import { DomainError } from '../../shared/errors.js';
import type { Logger } from '../../shared/logger.js';
import { escapeMrkdwn } from '../../slack/blocks.js';
import { fallback, fallbackPart, joinParts } from '../../slack/fallback-text.js';
import type { Notifier } from '../../slack/notifier.js';
import type { AuditTrail } from '../audit/audit.port.js';
import { ownerItemsMessage } from '../gap-closure/gap-closure.views.js';
import { pilotNameKey } from '../pilots/pilot.domain.js';
import type { PilotStore } from '../pilots/pilot.port.js';
import type { MonitoringPlan, Pilot } from '../pilots/pilot.types.js';
import { DECISION_STAGE, mayDecideIn, refusedDecisionText } from '../pilots/pilot-lifecycle.domain.js';
import type { StaleConfirmation } from '../reviews/confirmation-expiry.domain.js';
import type { ManifestProvider } from '../reviews/manifest-provider.js';
import { allowedDecisions, validateDecision } from '../reviews/outcome.domain.js';
import type { ReconfirmService } from '../reviews/reconfirm.service.js';
import type { ReviewStore } from '../reviews/review.port.js';
import type { DecisionFollowUpInput, PlanItem, RecordedDecision, Review } from '../reviews/review.types.js';
import type { ReviewContext } from '../reviews/review-context.js';
import { currentAnswers } from '../reviews/rounds.domain.js';
import { type EvidenceBySignal, signalEvidence } from '../reviews/signal-evidence.domain.js';
import { type BusinessCaseLine, businessCaseLines } from './business-case.domain.js';
import {
  type DecisionDraft,
  DecisionField,
  errorsToFields,
  laterDecisions,
  mayDecide,
  monitoringPlanOf,
  monitoringTask,
  pickPilotToDecide,
} from './decision.domain.js';
import { alreadyDecidedText, decisionMessage, monitoringTaskMessage, refusalText } from './decision.views.js';
import { DECISION_STALLED_AFTER_MS, runDecisionFollowUp } from './decision-follow-up.js';
import type { DecisionRecordService } from './decision-record.service.js';

export interface DecisionServiceDeps {
  pilots: PilotStore;
  reviews: ReviewStore;
  audit: AuditTrail;
  manifests: ManifestProvider;
  notifier: Notifier;
  /** Renders and posts the decision record after the announcement. */
  records: Pick<DecisionRecordService, 'publish'>;
  clock: Clock;
  logger: Logger;
  /** `opts.context`: the pilot and review as the decision left them, so the card needs no read of either. */
  refreshCard(
    teamId: string,
    reviewId: string,
    opts?: { context?: Pick<ReviewContext, 'pilot' | 'review'> },
  ): Promise<void>;
  isGateAdmin(teamId: string, userId: string): Promise<boolean>;
  /** Whether `userId` may see the pilot at all (private channels: pilot-visibility.policy.ts). */
  canSee(pilot: Pilot, userId: string): Promise<boolean>;
  /** Stale confirmations: judged at every opening and submission, their assessors asked to re-confirm. */
  reconfirm: Pick<ReconfirmService, 'staleState' | 'askToReconfirm'>;
}

/** What the decision modal shows. */
export interface DecisionContext {
  pilot: Pilot;
  /** The review as the sponsor must see it: stale confirmations' signals pending, the outcome from them. */
  review: Review;
  allowed: Decision[];
  businessCase: BusinessCaseLine[];
  /** The stale confirmations found at this opening and the validity they were judged by. */
  stale: StaleConfirmation[];
  validForMs: number;
  /** Each signal's evidence in the answers that count, shown beside its status. */
  evidence: EvidenceBySignal;
}

export interface RecordCommand {
  teamId: string;
  reviewId: string;
  /** The round the modal was opened for. */
  round: number;
  userId: string;
  draft: DecisionDraft;
  /** The signals the modal had plan fields for. */
  planSignals: SignalId[];
  /** The decider's calendar day (YYYY-MM-DD), for "due date not in the past". */
  today: string;
}

export interface RecordedOutcome {
  pilot: Pilot;
  review: Review;
  decision: RecordedDecision;
  planItems: PlanItem[];
  monitoringPlan?: MonitoringPlan;
  /** The decision's later steps all ran here: `pilot` and `review` are as they left the database. */
  followedUp?: boolean;
}

/** The decision as stored; only pause and terminate keep a reason. */
function decisionEntry(decision: Decision, cmd: RecordCommand, round: number, now: Date): RecordedDecision {
  const reason = cmd.draft.reason.trim();
  const keepsReason = reason && (decision === 'pause' || decision === 'terminate');
  return { decision, ...(keepsReason ? { reason } : {}), by: cmd.userId, at: now, round };
}

/** Plain text for inline errors, where mentions would show as raw ids. */
const plainText = (s: string) => s.replace(/<@(\w+)>/g, '@$1').replace(/\*/g, '');

/** Records the sponsor's decision: permission and rules checked here, whatever the modal showed. */
export class DecisionService {
  constructor(private readonly d: DecisionServiceDeps) {}

  /** The modal's content for `userId`, or a DomainError saying why they cannot decide now. */
  async prepare(teamId: string, reviewId: string, userId: string): Promise<DecisionContext> {
    const { pilot, review } = await this.load(teamId, reviewId);
    await this.assertMayDecide(pilot, userId);
    const later = this.stillDecidable(pilot, review);
    const manifest = await this.d.manifests.get(review.manifestVersion);
    const history = await this.d.reviews.answerHistory(teamId, reviewId);
    const answers = currentAnswers(review, history);
    // A decided round's answers are what it was decided on: nothing there goes stale.
    const state = later ? null : await this.d.reconfirm.staleState(review, manifest, history);
    const seen = state?.review ?? review;
    return {
      pilot,
      review: seen,
      allowed:
        later ??
        allowedDecisions({
          outcome: seen.outcome,
          opsLeadAnswered: review.answeredRoles.includes('operational_lead'),
        }),
      businessCase: businessCaseLines(manifest, answers),
      stale: state?.stale ?? [],
      validForMs: state?.validForMs ?? 0,
      evidence: signalEvidence(answers),
    };
  }

  /**
   * After the modal opened: each stale assessor is asked to re-confirm (once per stale period), and the
   * card stops offering the decision as ready. Nothing stale, nothing sent.
   */
  async askToReconfirm(ctx: DecisionContext): Promise<void> {
    if (ctx.stale.length === 0) return;
    const manifest = await this.d.manifests.get(ctx.review.manifestVersion);
    await this.d.reconfirm.askToReconfirm(ctx.pilot, ctx.review, manifest, {
      stale: ctx.stale,
      validForMs: ctx.validForMs,
      review: ctx.review,
    });
    await this.d.refreshCard(ctx.pilot.teamId, ctx.review.id).catch((err: unknown) => {
      this.d.logger.warn({ err, teamId: ctx.pilot.teamId, reviewId: ctx.review.id }, 'card not refreshed');
    });
  }

  /**
   * The review `/gate decide [name]` means: by name (case-insensitive) in the workspace, else the
   * channel's only undecided pilot. A DomainError carries usage when that is ambiguous or unknown.
   */
  async reviewForCommand(teamId: string, channelId: string, name: string, userId: string): Promise<string> {
    if (name) {
      const named = await this.d.pilots.byNameKey(teamId, pilotNameKey(name));
      // A pilot the caller may not see is answered like one that does not exist.
      const pilot = named && (await this.d.canSee(named, userId)) ? named : null;
      const review = pilot ? await this.d.reviews.byPilot(teamId, pilot.id) : null;
      if (review) return review.id;
      const known = (await this.d.pilots.listForTeam(teamId, { channelId }))
        .slice(0, 20)
        .map((p) => fallbackPart`• ${p.name}`);
      const list = known.length ? fallbackPart`\nPilots in this channel:\n${joinParts(known, '\n')}` : '';
      throw new DomainError(
        'not_found',
        fallback`I found no pilot named “${name.slice(0, 80)}” in this workspace.${list}`,
      );
    }
    const pilots = await this.d.pilots.listForTeam(teamId, { channelId });
    const reviews = await this.d.reviews.byPilots(
      teamId,
      pilots.map((p) => p.id),
    );
    const undecided = (p: Pilot) => {
      const r = reviews.find((x) => x.pilotId === p.id);
      return Boolean(r && r.decidedRound < r.round && p.stage !== 'terminated');
    };
    const target = pickPilotToDecide(pilots.map((p) => ({ id: p.id, name: p.name, undecided: undecided(p) })));
    if ('usage' in target) throw new DomainError('invalid_input', target.usage);
    const review = reviews.find((r) => r.pilotId === target.pilotId);
    if (!review) throw new DomainError('not_found', 'That pilot has no review yet.');
    return review.id;
  }

  /**
   * Validates and stores a decision, its plan items and the pilot's new stage, with audit events.
   * Throws DomainError with field errors keyed by the modal's block ids.
   */
  async record(cmd: RecordCommand): Promise<RecordedOutcome> {
    const loaded = await this.load(cmd.teamId, cmd.reviewId);
    const { pilot } = loaded;
    // The review is read before the pilot: a terminate recorded in between shows on the pilot only.
    // Read the review again, so a second submission hears 'already recorded', not 'terminated'.
    const review =
      pilot.stage === 'terminated' && loaded.review.decidedRound < loaded.review.round
        ? ((await this.d.reviews.byId(cmd.teamId, cmd.reviewId)) ?? loaded.review)
        : loaded.review;
    await this.assertMayDecide(pilot, cmd.userId, true);
    this.assertSameRound(pilot, review, cmd.round);
    const later = this.stillDecidable(pilot, review);
    if (later && cmd.draft.decision && !later.includes(cmd.draft.decision)) {
      const text = plainText(alreadyDecidedText(pilot, review.decisions.at(-1)));
      throw new DomainError('conflict', text, { [DecisionField.choice]: text });
    }
    if (cmd.draft.decision && !mayDecideIn(pilot.stage, cmd.draft.decision)) {
      // The message is mrkdwn (name escaped); the modal's inline error is plain text (name as typed).
      const text = (name: string) => refusedDecisionText(name, pilot.stage, cmd.draft.decision!);
      throw new DomainError('not_allowed_now', text(escapeMrkdwn(pilot.name)), {
        [DecisionField.choice]: text(pilot.name),
      });
    }
    // Stale confirmations count as pending here too, whatever the form showed when it opened.
    const decision = this.checked(await this.asSeenNow(review), cmd);
    await this.finishEarlier(pilot, review);
    const now = this.d.clock.now();
    const entry = decisionEntry(decision, cmd, review.round, now);
    const monitoringPlan = decision === 'proceed' ? monitoringPlanOf(cmd.draft.monitoring, cmd.userId, now) : undefined;
    const followUp: DecisionFollowUpInput = {
      pilotId: pilot.id,
      pilotName: pilot.name,
      stage: { from: pilot.stage, to: DECISION_STAGE[decision] },
      planItems: this.planOf(pilot, review, cmd, decision),
      ...(monitoringPlan ? { monitoringPlan } : {}),
    };
    // The one write that decides: the decision and everything its later steps need, with their marker.
    const recorded = await this.claimRound(pilot, cmd, entry, review.decisionCount ?? 0, followUp);
    const pending = recorded.decisionFollowUp!;
    // Saved from here on: if a later step fails the marker stays and the repair job finishes it, so
    // the sponsor is told the decision is recorded, which it is.
    const moved = await runDecisionFollowUp(this.d, cmd.teamId, cmd.reviewId, pending, false).catch((err: unknown) => {
      this.d.logger.warn(
        { err, teamId: cmd.teamId, reviewId: cmd.reviewId },
        'decision saved; follow-up left to repair',
      );
      return null;
    });
    // The move lost to a change that landed first: the decision (as stored) says where the pilot stayed.
    const kept = moved && moved.stage !== followUp.stage.to ? { stageKept: moved.stage } : {};
    return {
      pilot: moved ?? pilot,
      review: recorded,
      decision: { ...entry, ...kept },
      planItems: pending.planItems,
      ...(monitoringPlan ? { monitoringPlan } : {}),
      ...(moved ? { followedUp: true } : {}),
    };
  }

  /**
   * Finishes the pending steps of the review's latest decision if nobody claimed them since
   * `staleBefore`; false when there are none or someone else holds them. The repair job's entry point.
   */
  async finishStalled(teamId: string, reviewId: string, staleBefore: Date): Promise<boolean> {
    const review = await this.d.reviews.byId(teamId, reviewId);
    const pending = review?.decisionFollowUp;
    if (!pending) return false;
    const now = this.d.clock.now();
    if (!(await this.d.reviews.claimDecisionFollowUp(teamId, reviewId, pending.n, staleBefore, now))) return false;
    await runDecisionFollowUp(this.d, teamId, reviewId, pending, true);
    return true;
  }

  /** An earlier decision whose steps stalled is finished first; one still running makes this one wait. */
  private async finishEarlier(pilot: Pilot, review: Review): Promise<void> {
    if (!review.decisionFollowUp) return;
    const staleBefore = new Date(this.d.clock.now().getTime() - DECISION_STALLED_AFTER_MS);
    if (await this.finishStalled(review.teamId, review.id, staleBefore)) return;
    const text = (name: string) => `The last decision on ${name} is still being saved. Submit again in a few seconds.`;
    throw new DomainError('conflict', text(escapeMrkdwn(pilot.name)), { [DecisionField.choice]: text(pilot.name) });
  }

  /** Stores the decision unless the round already has one (a double click or a second submit loses). */
  private async claimRound(
    pilot: Pilot,
    cmd: RecordCommand,
    entry: RecordedDecision,
    seen: number,
    followUp: DecisionFollowUpInput,
  ): Promise<Review> {
    const recorded = await this.d.reviews.recordDecision(cmd.teamId, cmd.reviewId, entry, seen, followUp);
    if (recorded) return recorded;
    const fresh = await this.d.reviews.byId(cmd.teamId, cmd.reviewId);
    const text = plainText(alreadyDecidedText(pilot, fresh?.decisions.at(-1)));
    throw new DomainError('conflict', text, { [DecisionField.choice]: text });
  }

  /** After the ack: the decision in the channel (threaded on the card), the card, the owners' DMs. */
  async announce(outcome: RecordedOutcome): Promise<void> {
    const { pilot, review } = outcome;
    const message = decisionMessage(outcome);
    await this.d.notifier.post(pilot.teamId, pilot.channelId, message, review.card?.ts).catch((error: unknown) => {
      this.d.logger.warn({ err: error, teamId: pilot.teamId, reviewId: review.id }, 'could not post decision');
    });
    // As the decision left them (its entry says where the pilot stayed, if it did); else read again.
    const decided = { ...review, decisions: [...review.decisions.slice(0, -1), outcome.decision] };
    await this.d.refreshCard(
      pilot.teamId,
      review.id,
      outcome.followedUp ? { context: { pilot, review: decided } } : {},
    );
    const owners = [...new Set(outcome.planItems.map((i) => i.ownerId))];
    for (const owner of owners) {
      const items = outcome.planItems.filter((i) => i.ownerId === owner);
      const message =
        outcome.decision.decision === 'proceed'
          ? monitoringTaskMessage(pilot, items[0]!)
          : ownerItemsMessage(pilot, items);
      await this.d.notifier.dm(pilot.teamId, owner, message).catch((error: unknown) => {
        this.d.logger.warn({ err: error, teamId: pilot.teamId, owner }, 'could not DM plan owner');
      });
    }
  }

  /**
   * After the announcement, its own step: the decision record (PDF in the card's thread, its hash in the
   * audit trail). It reads what the record shows, so it runs after the card and the DMs are out.
   */
  async publishRecord(outcome: RecordedOutcome): Promise<void> {
    const { pilot, review } = outcome;
    const decided = { ...review, decisions: [...review.decisions.slice(0, -1), outcome.decision] };
    await this.d.records.publish({
      pilot,
      review: decided,
      decision: outcome.decision,
      planItems: outcome.planItems,
      ...(outcome.monitoringPlan ? { monitoringPlan: outcome.monitoringPlan } : {}),
    });
  }

  /** The undecided review with its stale confirmations' signals pending (its answers date older reviews). */
  private async asSeenNow(review: Review): Promise<Review> {
    if (review.decidedRound >= review.round) return review;
    const manifest = await this.d.manifests.get(review.manifestVersion);
    const recorded = review.answeredRoles.every((role) => review.confirmations?.[role]);
    const history = recorded ? [] : await this.d.reviews.answerHistory(review.teamId, review.id);
    return (await this.d.reconfirm.staleState(review, manifest, history)).review;
  }

  private async load(teamId: string, reviewId: string): Promise<{ pilot: Pilot; review: Review }> {
    const review = await this.d.reviews.byId(teamId, reviewId);
    const pilot = review ? await this.d.pilots.byId(teamId, review.pilotId) : null;
    if (!review || !pilot) throw new DomainError('not_found', 'I could not find that review in this workspace.');
    return { pilot, review };
  }

  private async assertMayDecide(pilot: Pilot, userId: string, inline = false): Promise<void> {
    const admin = await this.d.isGateAdmin(pilot.teamId, userId);
    if (mayDecide(pilot.stakeholders.executive_sponsor, userId, admin)) return;
    const text = refusalText(pilot);
    throw new DomainError('forbidden', text, inline ? { [DecisionField.choice]: plainText(text) } : {});
  }

  /**
   * For a round that already has its decision: the decisions still open (pause, terminate), or a
   * DomainError when nothing is left. Undefined while the round is undecided.
   */
  private stillDecidable(pilot: Pilot, review: Review): Decision[] | undefined {
    if (review.decidedRound < review.round) return undefined;
    const later = laterDecisions(review.decisions.at(-1)?.decision);
    if (later.length === 0) throw new DomainError('conflict', alreadyDecidedText(pilot, review.decisions.at(-1)));
    return later;
  }

  private assertSameRound(pilot: Pilot, review: Review, round: number): void {
    if (pilot.stage === 'terminated' && review.decidedRound >= review.round) {
      // This round's decision terminated it: a second submission of the same form hears that, whether or
      // not the first one's stage move has landed yet.
      const text = plainText(alreadyDecidedText(pilot, review.decisions.at(-1)));
      throw new DomainError('conflict', text, { [DecisionField.choice]: text });
    }
    if (pilot.stage === 'terminated') {
      const text = (name: string) => `${name} is terminated; there is nothing more to decide.`;
      throw new DomainError('not_allowed_now', text(escapeMrkdwn(pilot.name)), {
        [DecisionField.choice]: text(pilot.name),
      });
    }
    if (round === review.round) return;
    const text = `The review moved on to round ${review.round} since this form opened. Close it and open Record decision again.`;
    throw new DomainError('conflict', text, { [DecisionField.choice]: text });
  }

  /** The rules of outcome.domain plus the monitoring plan, as inline errors on the modal's fields. */
  private checked(review: Review, cmd: RecordCommand): Decision {
    const { draft } = cmd;
    if (!draft.decision) {
      throw new DomainError('invalid_input', 'Pick a decision', { [DecisionField.choice]: 'Pick a decision.' });
    }
    const result = validateDecision(
      { decision: draft.decision, reason: draft.reason, planItems: draft.planItems },
      {
        statuses: review.statuses,
        opsLeadAnswered: review.answeredRoles.includes('operational_lead'),
        today: cmd.today,
      },
    );
    // The monitoring plan of a proceed is never required here: what is missing becomes the ops lead's task.
    const errors = result.ok ? {} : errorsToFields(result.errors, cmd.planSignals);
    // A conditional signal the form had no fields for (statuses changed since it opened) still needs a message.
    if (!result.ok && Object.keys(errors).length === 0) errors[DecisionField.choice] = Object.values(result.errors)[0]!;
    if (Object.keys(errors).length > 0) throw new DomainError('invalid_input', 'The decision needs changes', errors);
    return draft.decision;
  }

  /**
   * The plan items of a decision, as stored (the repository gives them ids): a gap closure's, or a
   * proceed's monitoring task for the operational lead when the sponsor left the monitoring plan open.
   */
  private planOf(pilot: Pilot, review: Review, cmd: RecordCommand, decision: Decision): Omit<PlanItem, 'id'>[] {
    const task =
      decision === 'proceed'
        ? monitoringTask(cmd.draft.monitoring, pilot.stakeholders.operational_lead, cmd.today)
        : null;
    const items = decision === 'gap_closure' ? cmd.draft.planItems : task ? [task] : [];
    return items.map((i) => ({
      teamId: cmd.teamId,
      reviewId: review.id,
      pilotId: pilot.id,
      round: review.round,
      signal: i.signal,
      action: i.action,
      ownerId: i.ownerId,
      dueDate: i.dueDate,
      ...(i.investment !== undefined ? { investment: i.investment } : {}),
    }));
  }
}
