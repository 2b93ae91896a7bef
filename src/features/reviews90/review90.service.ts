import type { Cadence } from '../../config/settings.js';
import { ROLE_LABELS, type RoleId } from '../../core/catalog.domain.js';
import { computeSignalStatuses } from '../../core/signal-status.domain.js';
import { installedWorkspaces } from '../../jobs/for-each-item.js';
import type { Clock } from '../../shared/clock.js';
import { DomainError } from '../../shared/errors.js';
import type { Logger } from '../../shared/logger.js';
import { fallback, fallbackPart, joinParts, userRef } from '../../slack/fallback-text.js';
import type { Notifier } from '../../slack/notifier.js';
import type { AuditInput, AuditTrail } from '../audit/audit.port.js';
import type { DeliveryStore } from '../delivery/delivery.port.js';
import type { PilotStore, PilotSweeps } from '../pilots/pilot.port.js';
import type { Pilot } from '../pilots/pilot.types.js';
import { appendMissing } from '../reviews/follow-up-audit.js';
import type { ManifestProvider } from '../reviews/manifest-provider.js';
import type { ReviewStore } from '../reviews/review.port.js';
import type { ReviewService } from '../reviews/review.service.js';
import type { Review } from '../reviews/review.types.js';
import { currentAnswers } from '../reviews/rounds.domain.js';
import {
  calibrationEntries,
  type GateAssessment,
  type Review90Answers,
  type Review90Draft,
  Review90Field,
  review90Due,
  review90Roles,
  validateReview90,
} from './review90.domain.js';
import type { PendingEntry, Review90Repo } from './review90.repo.js';
import { review90Invite, review90Posted } from './review90.views.js';

/** What the 90-day review uses besides its own repository (src/app/compose.ts passes them). */
export interface Review90Deps {
  notifier: Pick<Notifier, 'dm' | 'post'>;
  logger: Logger;
  clock: Clock;
  manifests: Pick<ManifestProvider, 'get'>;
  cadenceFor(teamId: string): Promise<Cadence>;
  /** Workspaces without an installation are skipped. */
  isInstalled(teamId: string): Promise<boolean>;
  repos: {
    pilots: PilotStore & PilotSweeps;
    reviews: ReviewStore;
    audit: AuditTrail;
    deliveries: Pick<DeliveryStore, 'once'>;
  };
  services: { reviews: Pick<ReviewService, 'refreshCard'> };
}

export interface Review90Form {
  pilot: Pilot;
  review: Review;
  roles: RoleId[];
}

export interface Review90Result extends Review90Form {
  userId: string;
  answers: Review90Answers;
  completed: boolean;
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** Opens 90-day reviews when they fall due and records the sponsor's and operational lead's answers. */
export class Review90Service {
  constructor(
    private readonly deps: Review90Deps,
    private readonly repo: Review90Repo,
  ) {}

  /** The daily job: every production pilot live for review90dAfter gets its review opened once. */
  async openDue(now: Date): Promise<{ opened: number; failed: number }> {
    const summary = { opened: 0, failed: 0 };
    const installed = installedWorkspaces('review90.open', (t) => this.deps.isInstalled(t), this.deps.logger);
    for (const teamId of await this.deps.repos.pilots.teamIdsInStage('production')) {
      if (!(await installed(teamId))) continue;
      const cadence = await this.deps.cadenceFor(teamId);
      const due = await this.deps.repos.pilots.productionLiveBefore(
        teamId,
        new Date(now.getTime() - cadence.review90dAfterMs),
      );
      for (const { id } of due) {
        try {
          if (await this.openOne(teamId, id, now)) summary.opened++;
        } catch (err) {
          summary.failed++;
          this.deps.logger.warn(
            { err, teamId, pilotId: id, job: 'review90.open' },
            '90-day review not opened; retrying next run',
          );
        }
      }
    }
    return summary;
  }

  private async openOne(teamId: string, pilotId: string, now: Date): Promise<boolean> {
    const pilot = await this.deps.repos.pilots.byId(teamId, pilotId);
    const review = pilot && (await this.deps.repos.reviews.byPilot(teamId, pilotId));
    if (!pilot || !review || !review90Due(pilot, await this.deps.cadenceFor(teamId), now)) return false;
    const opened = await this.repo.open(teamId, pilotId, review.id, now);
    // Invites are claimed by their own keys, so a run that failed half-way sends only what is missing.
    const people = [...new Set([pilot.stakeholders.executive_sponsor, pilot.stakeholders.operational_lead])];
    for (const userId of people.filter(Boolean)) {
      const invite = review90Invite(
        pilot,
        review90Roles(pilot.stakeholders, userId),
        isoDay(pilot.productionAt as Date),
      );
      await this.deps.repos.deliveries.once(`review90:${pilotId}:${userId}`, teamId, now, () =>
        this.deps.notifier.dm(teamId, userId, invite),
      );
    }
    // The card now offers the 90-day review (after the invites, which matter more).
    if (opened) await this.deps.services.reviews.refreshCard(teamId, review.id);
    return opened;
  }

  /** What the modal needs, after checking the caller may submit: sponsor or ops lead, production, not yet submitted. */
  async formFor(teamId: string, pilotId: string, userId: string): Promise<Review90Form> {
    const pilot = await this.deps.repos.pilots.byId(teamId, pilotId);
    const review = pilot && (await this.deps.repos.reviews.byPilot(teamId, pilotId));
    if (!pilot || !review) throw new DomainError('not_found', 'That pilot no longer exists in this workspace.');
    const roles = review90Roles(pilot.stakeholders, userId);
    if (roles.length === 0) {
      const who = (['executive_sponsor', 'operational_lead'] as const).map(
        (r) => fallbackPart`the ${ROLE_LABELS[r].toLowerCase()} (${userRef(pilot.stakeholders[r])})`,
      );
      throw new DomainError(
        'forbidden',
        fallback`Only ${joinParts(who, ' and ')} complete the 90-day review of ${pilot.name}.`,
      );
    }
    if (pilot.stage !== 'production' && pilot.stage !== 'reviewed_90d') {
      throw new DomainError(
        'not_allowed_now',
        fallback`${pilot.name} is not in production, so it has no 90-day review.`,
      );
    }
    const earlier = await this.repo.entry(teamId, pilotId, userId);
    if (earlier) {
      throw new DomainError(
        'conflict',
        fallback`You submitted the 90-day review of ${pilot.name} on ${isoDay(earlier.at)}; it is in the portfolio log.`,
      );
    }
    return { pilot, review, roles };
  }

  /** Validates and stores one reviewer's answers as one portfolio-log entry; the sponsor's completes the review. */
  async submit(input: {
    teamId: string;
    pilotId: string;
    userId: string;
    draft: Review90Draft;
  }): Promise<Review90Result> {
    const { teamId, pilotId, userId } = input;
    const form = await this.formFor(teamId, pilotId, userId);
    const { pilot, review, roles } = form;
    const checked = validateReview90(input.draft, pilot.kpis);
    if (!checked.ok) throw new DomainError('invalid_input', 'Some answers need fixing', checked.errors);
    const now = this.deps.clock.now();
    const answers = checked.value;
    const calibration = calibrationEntries(await this.gateAssessments(pilot, review), answers.signals);
    const entry = {
      teamId,
      pilotId,
      pilotName: pilot.name,
      reviewId: review.id,
      userId,
      roles,
      at: now,
      ...answers,
      calibration,
    };
    // One write: the entry and its later steps (audit events, the stage move the sponsor's answers make).
    const completes = roles.includes('executive_sponsor') && pilot.stage === 'production';
    const followUp = { completes, stageFrom: pilot.stage, claimedAt: now };
    if (!(await this.repo.addEntry({ ...entry, followUp }))) {
      throw new DomainError('conflict', 'Already submitted', {
        [Review90Field.lessons]: 'You already submitted this 90-day review; it is in the portfolio log.',
      });
    }
    // Saved from here on: a failed later step leaves the marker for the repair job, and the person is
    // told the truth (saved).
    const completed = await this.runFollowUp({ ...entry, followUp }, false).catch((err: unknown) => {
      this.deps.logger.warn({ err, teamId, pilotId }, '90-day review saved; follow-up left to repair');
      return false;
    });
    return { ...form, userId, answers, completed };
  }

  /** Finishes entries whose later steps stalled (unclaimed since `staleBefore`); returns how many. */
  async finishStalled(staleBefore: Date): Promise<number> {
    let finished = 0;
    for (const entry of await this.repo.entriesPending(staleBefore)) {
      if (!(await this.repo.claimFollowUp(entry, staleBefore, this.deps.clock.now()))) continue;
      await this.runFollowUp(entry, true);
      finished++;
    }
    return finished;
  }

  /** The entry's audit event, then (sponsor) production → reviewed_90d with its event; marker removed. */
  private async runFollowUp(entry: PendingEntry, repeat: boolean): Promise<boolean> {
    const { teamId, pilotId, followUp: f } = entry;
    const base = { teamId, reviewId: entry.reviewId, at: new Date(entry.at), actor: entry.userId };
    const { kpis, signals, incidents, lessons } = entry;
    const events: AuditInput[] = [
      {
        ...base,
        type: 'review90.submitted',
        subject: entry.pilotName,
        before: null,
        after: { roles: entry.roles, kpis, signals, incidents, lessons },
      },
    ];
    let completed = false;
    if (f.completes) {
      const moved = await this.deps.repos.pilots.setStage(teamId, pilotId, f.stageFrom, 'reviewed_90d');
      completed = (moved ?? (await this.deps.repos.pilots.byId(teamId, pilotId)))?.stage === 'reviewed_90d';
      if (completed) {
        await this.repo.complete(teamId, pilotId, new Date(entry.at));
        events.push({
          ...base,
          type: 'stage.changed',
          subject: entry.pilotName,
          before: f.stageFrom,
          after: 'reviewed_90d',
        });
      }
    }
    await appendMissing(this.deps.repos.audit, events, repeat);
    await this.repo.clearFollowUp(entry);
    return completed;
  }

  /** After the ack: the channel hears about it and the card shows the new stage. */
  async announce(result: Review90Result): Promise<void> {
    const { pilot, review } = result;
    await this.deps.notifier.post(
      pilot.teamId,
      pilot.channelId,
      review90Posted(pilot, result.userId, result.answers, result.completed),
    );
    await this.deps.services.reviews.refreshCard(pilot.teamId, review.id);
  }

  /** What each role assessed at the gate, from the answers of the round that was decided. */
  private async gateAssessments(pilot: Pilot, review: Review): Promise<GateAssessment[]> {
    const manifest = await this.deps.manifests.get(review.manifestVersion);
    const history = await this.deps.repos.reviews.answerHistory(pilot.teamId, review.id);
    const answers = currentAnswers(review, history);
    return computeSignalStatuses({ manifest, answers, pilot: { regulated: pilot.regulated } }).flatMap((s) =>
      s.assessments.map((a) => ({ signal: s.signal, role: a.role, value: a.value })),
    );
  }
}
