import { type Answers, sameAnswers } from '../../core/answers.domain.js';
import { ROLE_LABELS, type RoleId, type SignalId } from '../../core/catalog.domain.js';
import { type EvidenceItem, evidenceKey } from '../../core/evidence.domain.js';
import { type ManifestSet, unansweredRequired } from '../../core/manifest.domain.js';
import type { Questionnaire } from '../../core/manifest.schema.js';
import type { Clock } from '../../shared/clock.js';
import { DomainError } from '../../shared/errors.js';
import type { Logger } from '../../shared/logger.js';
import { QuestionnaireField } from '../../slack/ids.js';
import type { Notifier } from '../../slack/notifier.js';
import type { AuditTrail } from '../audit/audit.port.js';
import type { DeliveryStore } from '../delivery/delivery.port.js';
import { rolesOf } from '../pilots/pilot.domain.js';
import type { PilotStore } from '../pilots/pilot.port.js';
import type { Pilot } from '../pilots/pilot.types.js';
import { appendAnswerEvent, finishStalledAudits } from '../reviews/answer-audit.service.js';
import type { ManifestProvider } from '../reviews/manifest-provider.js';
import type { ReviewStore } from '../reviews/review.port.js';
import type { ReviewService } from '../reviews/review.service.js';
import type { Review } from '../reviews/review.types.js';
import type { ReviewContext } from '../reviews/review-context.js';
import { syncStakeholderCopy } from '../reviews/stakeholder-copy.js';
import { disagreementThread } from './answer-flow.views.js';
import {
  assessmentOf,
  disagreementKey,
  finalAnswers,
  firstIncompletePage,
  prefillAnswers,
} from './answering.domain.js';
import { type PageInputs, parsePageAnswers } from './questionnaire.state.js';
import type { DraftKey, QuestionnaireDraftRepo } from './questionnaire-draft.repo.js';
import {
  evidenceAnswers,
  evidenceErrors,
  evidenceQuestions,
  keptFound,
  parsePageEvidence,
} from './questionnaire-evidence.state.js';
import { questionnairePages } from './questionnaire-pages.domain.js';

export interface QuestionnaireServiceDeps {
  pilots: PilotStore;
  reviews: ReviewStore;
  audit: AuditTrail;
  drafts: QuestionnaireDraftRepo;
  deliveries: DeliveryStore;
  manifests: ManifestProvider;
  reviewService: ReviewService;
  notifier: Notifier;
  clock: Clock;
  logger: Logger;
}

/** What a questionnaire page needs of its pilot: the review's AnswerFacts hold it (older reviews: the pilot). */
type PagePilot = Pick<Pilot, 'teamId' | 'name' | 'stakeholders' | 'kpis' | 'plannedKpiValidationDate'>;

/** What a questionnaire request reads first: the review, its pilot and manifest (answers only when needed). */
type LoadedReview = Pick<ReviewContext, 'review' | 'manifest'> & { pilot: PagePilot };

/** One page of a role's questionnaire, ready to render. */
export interface QuestionnaireOpen {
  pilot: PagePilot;
  reviewId: string;
  role: RoleId;
  round: number;
  questionnaire: Questionnaire;
  page: number;
  prefill: Answers;
}

/** What a page submission led to. */
export type PageOutcome =
  | { kind: 'invalid'; errors: Record<string, string> }
  | { kind: 'next'; open: QuestionnaireOpen }
  | { kind: 'incomplete'; open: QuestionnaireOpen; missing: string[] }
  | {
      kind: 'saved';
      pilot: Pick<Pilot, 'name'>;
      review: Review;
      roles: RoleId[];
      answeredRoles: RoleId[];
      /** What the save leaves for after the reply: the audit chain's head and the answer's marker. */
      finishAudit(): Promise<void>;
    };

export interface PageInput {
  teamId: string;
  reviewId: string;
  userId: string;
  role: RoleId;
  page: number;
  round: number;
  /** The page's inputs by question id (readPageInputs); checked here against the review's manifest. */
  inputs: PageInputs;
  /** The saved evidence the page showed ticked, per signal, when it fitted the page's metadata. */
  kept?: Partial<Record<SignalId, EvidenceItem[]>>;
}

/** save()'s `before` for an edit whose stored answers were not read: the write returns them. */
const NOT_READ = Symbol('not read');

/** The evidence a page carried as answers (`@evidence:<signal>`). */
const keptAnswers = (kept: PageInput['kept'] = {}): Answers =>
  Object.fromEntries(Object.entries(kept).map(([signal, items]) => [evidenceKey(signal as SignalId), items ?? []]));

export const LOCKED_MESSAGE = 'The sponsor has recorded a decision; answers are locked';

/**
 * Answering questionnaires: who may answer what, drafts of multi-page questionnaires, saving a
 * role's answers (with its audit event), and publishing the result to the card and threads.
 */
export class QuestionnaireService {
  constructor(private readonly d: QuestionnaireServiceDeps) {}

  /**
   * The review as the caller sees it: their roles (empty for a non-stakeholder) and whether answers are
   * locked; with `withPage`, a caller holding exactly one role of an open round also gets its first page
   * (from the same reads, so opening a questionnaire reads the review and the pilot once). The review's
   * copy of the roles is brought up to the pilot's first when it is behind (stakeholder-copy.ts).
   */
  async opening(input: { teamId: string; reviewId: string; userId: string; withPage?: boolean }): Promise<{
    pilot: Pilot;
    review: Review;
    roles: RoleId[];
    locked: boolean;
    page?: QuestionnaireOpen;
  }> {
    const ctx = await this.context(input.teamId, input.reviewId);
    const { pilot, review } = ctx;
    // A role change stopped before the review's copy of the roles: this opening writes it, so the save's
    // lock check authorises the pilot's holder (a write only when the copy is behind).
    await syncStakeholderCopy(this.d.reviews, pilot, review);
    const roles = rolesOf(pilot.stakeholders, input.userId);
    const locked = isLocked(review);
    const [only] = roles;
    const page =
      input.withPage && !locked && roles.length === 1 && only ? await this.openPage(ctx, only, 0) : undefined;
    return { pilot, review, roles, locked, ...(page ? { page } : {}) };
  }

  /** Page `page` of `role`'s questionnaire, prefilled with the saved answers and this round's draft. */
  async questionnaire(input: {
    teamId: string;
    reviewId: string;
    userId: string;
    role: RoleId;
    page?: number;
  }): Promise<QuestionnaireOpen> {
    const { pilot, review, manifest } = await this.context(input.teamId, input.reviewId);
    assertCanAnswer(pilot, review, input.role, input.userId);
    return this.openPage({ pilot, review, manifest }, input.role, input.page ?? 0);
  }

  /**
   * Handles one submitted page: invalid answers → errors; a page before the last → saved as a draft
   * and the next page; the last page → the whole questionnaire saved (or the page still missing answers).
   */
  async submitPage(input: PageInput): Promise<PageOutcome> {
    // A last page that parses against the manifest in force goes straight to the save's lock check,
    // which returns the review (no read of the review, the pilot or, on a first save, the answers).
    // Anything else, and a refused lock check (which the read then explains), takes the reading path.
    if (isLastValidPage(this.d.manifests.current, input)) {
      const saved = await this.saveLastPage(input);
      if (saved) return saved;
    }
    return this.submitPageRead(input);
  }

  /**
   * The last page saved from what the lock check returns (AnswerFacts): null, with nothing written,
   * when the check matched nothing, and null too after the check for a page that turns out incomplete
   * or belongs to another manifest (the reading path handles those; the spent sequence number only
   * makes the repair job recompute statuses that did not change).
   */
  private async saveLastPage(input: PageInput): Promise<PageOutcome | null> {
    const { teamId, reviewId, role, userId, round } = input;
    const key = { teamId, reviewId, round, role };
    const draftOf = (pages: readonly unknown[]) => (mayHaveDraft(pages) ? this.d.drafts.get(key) : undefined);
    // The draft is keyed by the form's round: a form from another round fails the lock check anyway.
    const [before, guessedDraft] = await Promise.all([
      this.d.reviews.beginAnswer({ teamId, reviewId, round, role, userId, submittedAt: this.d.clock.now() }),
      draftOf(questionnairePages(this.d.manifests.current.questionnaires[role])),
    ]);
    const facts = before?.answerFacts;
    if (!before || !facts) return null;
    const manifest = await this.d.manifests.get(before.manifestVersion);
    const q = manifest.questionnaires[role];
    const pages = questionnairePages(q);
    const current = pages[input.page];
    if (!current || input.page !== pages.length - 1) return null;
    const parsed = parsePage(q, current.questionIds, input.inputs);
    if (Object.keys(parsed.errors).length > 0) return { kind: 'invalid', errors: parsed.errors };
    const draft = guessedDraft ?? (await draftOf(pages)) ?? {};
    // Stored answers exist only if a save of this role began in this round before this one. An edit of a
    // one-page questionnaire whose page carried the evidence it kept needs none of them: the page holds
    // every answer, and the write returns the ones it replaces for the audit.
    const edit = facts.savedRound[role] === round;
    const known = { ...draft, ...keptAnswers(input.kept) };
    const selfContained =
      pages.length === 1 &&
      keptFound(parsed.evidence, known) &&
      evidenceQuestions(q, current.questionIds).length === parsed.evidence.length;
    const stored = edit && !selfContained ? await this.d.reviews.answerFor(teamId, reviewId, round, role) : null;
    const page = await this.withEvidence(key, parsed, { ...stored, ...known });
    const answers = finalAnswers(q, { ...stored, ...draft }, page);
    if (firstIncompletePage(q, pages, answers)) return null;
    const refused = evidenceErrors(q, current.questionIds, parsed.evidence, answers);
    if (Object.keys(refused).length > 0) return { kind: 'invalid', errors: refused };
    const seq = before.answerSeq + 1;
    const review: Review = {
      ...before,
      answerSeq: seq,
      answerFacts: { ...facts, savedRound: { ...facts.savedRound, [role]: round } },
    };
    const pilot = { name: facts.pilotName, stakeholders: facts.stakeholders };
    const beforeThis = edit && selfContained ? NOT_READ : stored;
    const saved = await this.save({ pilot, review, manifest }, { ...input, answers }, beforeThis, seq);
    return this.savedPage({ pilot, review, input, key, draft, saved });
  }

  /**
   * The page's answers with its evidence. Saved items still ticked are taken from `known` (the stored
   * answers and draft) when they are all there; otherwise, as when the page was prefilled from an earlier
   * round, from what the page was opened with (the answer history under the draft).
   */
  private async withEvidence(key: DraftKey, parsed: ParsedPage, known: Answers): Promise<Answers> {
    if (parsed.evidence.length === 0) return parsed.answers;
    let opened = known;
    if (!keptFound(parsed.evidence, opened)) {
      const [history, draft] = await Promise.all([
        this.d.reviews.answerHistory(key.teamId, key.reviewId),
        this.d.drafts.get(key),
      ]);
      opened = prefillAnswers(history, key.role, key.round, draft);
    }
    return { ...parsed.answers, ...evidenceAnswers(parsed.evidence, opened) };
  }

  /** After a whole questionnaire was saved: its draft cleared, and what the reply and follow-up need. */
  private async savedPage(args: {
    pilot: Pick<Pilot, 'name' | 'stakeholders'>;
    review: Review;
    input: PageInput;
    key: DraftKey;
    draft: Answers;
    saved: { answeredRoles: RoleId[]; finishAudit(): Promise<void> };
  }): Promise<PageOutcome> {
    const { pilot, review, input, key, draft, saved } = args;
    // A one-page questionnaire never had a draft: no delete to wait for.
    if (Object.keys(draft).length > 0) {
      await this.d.drafts.clear(key).catch((error: unknown) => this.d.logger.warn({ err: error }, 'draft not cleared'));
    }
    const answeredRoles = [...new Set([...saved.answeredRoles, input.role])];
    const roles = rolesOf(pilot.stakeholders, input.userId);
    return { kind: 'saved', pilot, review, roles, answeredRoles, finishAudit: saved.finishAudit };
  }

  /** submitPage() reading the review and its pilot first (every page but a valid last one). */
  private async submitPageRead(input: PageInput): Promise<PageOutcome> {
    const ctx = await this.context(input.teamId, input.reviewId, { factsOnly: true });
    const { pilot, review, manifest } = ctx;
    assertCanAnswer(pilot, review, input.role, input.userId);
    if (input.round !== review.round) {
      throw new DomainError(
        'conflict',
        'A new review round started while this form was open; close it and click Answer my questions again.',
      );
    }
    const q = manifest.questionnaires[input.role];
    const pages = questionnairePages(q);
    const current = pages[input.page];
    if (!current) throw new DomainError('invalid_input', 'This form is out of date; close it and open it again.');
    const parsed = parsePage(q, current.questionIds, input.inputs, pilot.kpis);
    if (Object.keys(parsed.errors).length > 0) return { kind: 'invalid', errors: parsed.errors };
    const key = { teamId: input.teamId, reviewId: input.reviewId, round: review.round, role: input.role };
    if (input.page < pages.length - 1) {
      const answers = await this.withEvidence(key, parsed, {});
      const refused = evidenceErrors(q, current.questionIds, parsed.evidence, answers);
      if (Object.keys(refused).length > 0) return { kind: 'invalid', errors: refused };
      const draft = await this.d.drafts.savePage(key, input.userId, answers, this.d.clock.now());
      return { kind: 'next', open: await this.openPage(ctx, input.role, input.page + 1, draft) };
    }
    // Saved answers under the draft: a last page delivered again after the save (draft cleared) is
    // still complete, and saves nothing new.
    const [stored, draft] = await Promise.all([
      this.d.reviews.answerFor(input.teamId, input.reviewId, review.round, input.role),
      mayHaveDraft(pages) ? this.d.drafts.get(key) : {},
    ]);
    const page = await this.withEvidence(key, parsed, { ...stored, ...draft });
    const answers = finalAnswers(q, { ...stored, ...draft }, page);
    const incomplete = firstIncompletePage(q, pages, answers);
    if (incomplete) {
      // Keep this page in the draft too, so going back to the missing page loses nothing typed here.
      await this.d.drafts.savePage(key, input.userId, page, this.d.clock.now());
      const open = await this.openPage(ctx, input.role, incomplete.page, { ...draft, ...page });
      return { kind: 'incomplete', open, missing: incomplete.missing };
    }
    const refused = evidenceErrors(q, current.questionIds, parsed.evidence, answers);
    if (Object.keys(refused).length > 0) return { kind: 'invalid', errors: refused };
    const saved = await this.save(ctx, { ...input, answers }, stored);
    return this.savedPage({ pilot, review, input, key, draft, saved });
  }

  /**
   * Saves `role`'s answers for the review's current round: only its stakeholder, only before the
   * decision, only complete. Records `answer.submitted` (before → after) in the audit trail.
   * @throws DomainError forbidden / not_allowed_now / invalid_input (fieldErrors keyed by block id)
   */
  async submit(input: {
    teamId: string;
    reviewId: string;
    role: RoleId;
    userId: string;
    answers: Answers;
  }): Promise<{ round: number; answeredRoles: RoleId[] }> {
    const ctx = await this.context(input.teamId, input.reviewId);
    const before = await this.d.reviews.answerFor(input.teamId, input.reviewId, ctx.review.round, input.role);
    const { finishAudit, ...saved } = await this.save(ctx, input, before);
    await finishAudit();
    return saved;
  }

  /**
   * submit() with the review already loaded and the answers stored before (a page submission has both).
   * The answer and its audit event are stored when this resolves; `finishAudit` (head and marker) may
   * run after the reply, and a stop before it is finished by the repair job.
   */
  private async save(
    { pilot, review, manifest }: Pick<LoadedReview, 'review' | 'manifest'> & { pilot: Pick<Pilot, 'stakeholders'> },
    input: { teamId: string; reviewId: string; role: RoleId; userId: string; answers: Answers },
    /** The answers stored before, or NOT_READ for an edit whose write returns them (needs `lockChecked`). */
    before: Answers | null | typeof NOT_READ,
    /** The sequence the save's lock check (beginAnswer) already took; without it the save takes one. */
    lockChecked?: number,
  ): Promise<{ round: number; answeredRoles: RoleId[]; finishAudit(): Promise<void> }> {
    assertCanAnswer(pilot, review, input.role, input.userId);
    const missing = unansweredRequired(manifest.questionnaires[input.role], input.answers);
    if (missing.length > 0) {
      const fieldErrors = Object.fromEntries(
        missing.map((id) => [QuestionnaireField.question(id), 'Answer this question.']),
      );
      throw new DomainError('invalid_input', 'Some required questions have no answer', fieldErrors);
    }
    const now = this.d.clock.now();
    const stored = { ...input, round: review.round, submittedAt: now };
    const repos = { audit: this.d.audit, reviews: this.d.reviews };
    // null: these answers were already saved (double submit, retried delivery); nothing to record twice,
    // unless an earlier save stopped before its audit event (not one still under way): finish it now.
    // The very answers already stored (a resubmission): the database is not asked to write them again.
    // Not read (an edit after its lock check): the write itself returns the answers it replaces.
    const replaced =
      before === NOT_READ && lockChecked !== undefined
        ? await this.d.reviews.replaceAnswer(stored, lockChecked)
        : undefined;
    const known = before === NOT_READ ? null : before;
    const seq =
      replaced !== undefined
        ? (replaced?.seq ?? null)
        : sameAnswers(known, input.answers)
          ? null
          : await this.d.reviews.saveAnswer(stored, known, lockChecked === undefined ? {} : { lockChecked });
    // The decision landed after this request read the review: the write itself refused the answer.
    if (seq === 'locked') throw new DomainError('not_allowed_now', LOCKED_MESSAGE);
    let finishAudit = async () => {};
    if (seq !== null) ({ finish: finishAudit } = await appendAnswerEvent(repos, stored, replaced?.before ?? known));
    else
      await finishStalledAudits(repos, now, {
        only: { reviewId: input.reviewId, round: review.round, role: input.role },
      });
    return { round: review.round, answeredRoles: review.answeredRoles, finishAudit };
  }

  /**
   * After a save: recompute the statuses, update the card in place, and open a thread for each new
   * disagreement. The review, its pilot and answers are read once and passed down to each step; each
   * step logs its own failure; the answers are already safe. `finishAudit` (the save's audit head and
   * marker) runs once the statuses' own events are appended: a head they moved needs no second write.
   */
  async publish(
    teamId: string,
    reviewId: string,
    actor: string,
    finishAudit: () => Promise<void> = async () => {},
  ): Promise<void> {
    // The marker left in place is the repair job's to finish (AUDIT_STALLED_AFTER_MS); the card goes on.
    const finish = () =>
      finishAudit().catch((err: unknown) =>
        this.d.logger.warn({ err, reviewId }, 'answer audit not finished; the repair job finishes it'),
      );
    const loaded = await this.d.reviewService.loadContext(teamId, reviewId);
    if (!loaded) return finish();
    const { context, current } = await this.d.reviewService.recomputeContext(loaded, actor).finally(finish);
    // A newer computation landed first: the card is rendered from the database as it is now.
    await this.d.reviewService.refreshCard(teamId, reviewId, current ? { context } : {});
    await this.raiseDisagreements(context);
  }

  private async raiseDisagreements({ pilot, review, manifest, answers }: ReviewContext): Promise<void> {
    const split = review.statuses.filter((s) => s.disagreement);
    if (split.length === 0) return;
    // A card posted just now (the review had none) is not on the context's copy: read it then.
    const card = review.card?.ts ? review.card : (await this.d.reviews.byId(review.teamId, review.id))?.card;
    if (!card?.ts) return;
    for (const status of split) {
      const roles = status.disagreement!.roles;
      const key = disagreementKey(review.id, review.round, status.signal, roles);
      const sides = roles.map((role) => ({
        role,
        userId: pilot.stakeholders[role],
        value: assessmentOf(manifest, answers[role], role, status.signal),
      }));
      const message = disagreementThread({ pilot, signal: status.signal, sides });
      try {
        await this.d.deliveries.once(key, review.teamId, this.d.clock.now(), () =>
          this.d.notifier.post(review.teamId, card.channel, message, card.ts),
        );
      } catch (error) {
        this.d.logger.warn(
          { err: error, reviewId: review.id, signal: status.signal },
          'disagreement thread not posted',
        );
      }
    }
  }

  /** `knownDraft`: the draft as the caller just wrote it (not read again). */
  private async openPage(
    ctx: LoadedReview,
    role: RoleId,
    page: number,
    knownDraft?: Answers,
  ): Promise<QuestionnaireOpen> {
    const { pilot, review, manifest } = ctx;
    const key = { teamId: pilot.teamId, reviewId: review.id, round: review.round, role };
    const pages = questionnairePages(manifest.questionnaires[role]);
    const [history, draft] = await Promise.all([
      this.d.reviews.answerHistory(pilot.teamId, review.id),
      knownDraft ?? (mayHaveDraft(pages) ? this.d.drafts.get(key) : {}),
    ]);
    return {
      pilot,
      reviewId: review.id,
      role,
      round: review.round,
      questionnaire: manifest.questionnaires[role],
      page,
      prefill: prefillAnswers(history, role, review.round, draft),
    };
  }

  /** `factsOnly`: the pilot as the review's AnswerFacts hold it, when it has them (no read of the pilot). */
  private async context(teamId: string, reviewId: string, opts: { factsOnly: true }): Promise<LoadedReview>;
  private async context(teamId: string, reviewId: string): Promise<LoadedReview & { pilot: Pilot }>;
  private async context(teamId: string, reviewId: string, opts: { factsOnly?: boolean } = {}): Promise<LoadedReview> {
    const review = await this.d.reviews.byId(teamId, reviewId);
    const facts = opts.factsOnly ? review?.answerFacts : undefined;
    // Older reviews' facts lack the KPIs: those read the pilot, as before the facts existed.
    const pilotOf = (r: Review): Promise<PagePilot | null> =>
      facts?.kpis && facts.plannedKpiValidationDate
        ? Promise.resolve({
            teamId: r.teamId,
            name: facts.pilotName,
            stakeholders: facts.stakeholders,
            kpis: facts.kpis,
            plannedKpiValidationDate: facts.plannedKpiValidationDate,
          })
        : this.d.pilots.byId(teamId, r.pilotId);
    const [pilot, manifest] = review
      ? await Promise.all([pilotOf(review), this.d.manifests.get(review.manifestVersion)])
      : [null, null];
    if (!review || !pilot || !manifest)
      throw new DomainError('not_found', 'I can’t find that gate review in this workspace.');
    return { pilot, review, manifest };
  }
}

/**
 * Drafts keep the earlier pages of a multi-page questionnaire. A one-page questionnaire never has one:
 * its only page is complete once it parses (every required question of it is on it), so it is saved
 * whole or refused, and there is no draft to read.
 */
const mayHaveDraft = (pages: readonly unknown[]): boolean => pages.length > 1;

/** Whether `input` is the last page of its questionnaire in `manifest` and parses without errors. */
function isLastValidPage(manifest: ManifestSet, input: PageInput): boolean {
  const q = manifest.questionnaires[input.role];
  const pages = questionnairePages(q);
  const current = pages[input.page];
  if (!current || input.page !== pages.length - 1) return false;
  const parsed = parsePage(q, current.questionIds, input.inputs);
  if (Object.keys(parsed.errors).length > 0) return false;
  // Kept items are not known yet: a page whose only evidence is kept ones takes the reading path.
  const answers = { ...parsed.answers, ...evidenceAnswers(parsed.evidence, {}) };
  return Object.keys(evidenceErrors(q, current.questionIds, parsed.evidence, answers)).length === 0;
}

type ParsedPage = ReturnType<typeof parsePage>;

/** A page's answers and its evidence inputs, with the errors of both. */
function parsePage(q: Questionnaire, ids: readonly string[], inputs: PageInputs, kpis?: Pilot['kpis']) {
  const answers = parsePageAnswers(q, ids, inputs, kpis);
  const evidence = parsePageEvidence(q, ids, inputs);
  return { answers: answers.answers, evidence: evidence.evidence, errors: { ...answers.errors, ...evidence.errors } };
}

/** A round is locked once the sponsor recorded its decision. */
export const isLocked = (review: Review): boolean => review.decidedRound >= review.round;

function assertCanAnswer(pilot: Pick<Pilot, 'stakeholders'>, review: Review, role: RoleId, userId: string): void {
  const holder = pilot.stakeholders[role];
  if (holder !== userId) {
    throw new DomainError(
      'forbidden',
      `Only the ${ROLE_LABELS[role].toLowerCase()} named for this pilot answers these questions.`,
    );
  }
  if (isLocked(review)) throw new DomainError('not_allowed_now', LOCKED_MESSAGE);
}
