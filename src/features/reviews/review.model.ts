import mongoose, { Schema } from 'mongoose';

const reviewSchema = new Schema(
  {
    teamId: { type: String, required: true },
    pilotId: { type: String, required: true },
    manifestVersion: { type: String, required: true },
    round: { type: Number, required: true, default: 1 },
    rounds: [{ _id: false, n: Number, startedAt: Date, requiredRoles: [String], reason: String }],
    statuses: { type: [Schema.Types.Mixed], default: [] },
    outcome: { type: String, required: true, default: 'collecting' },
    answeredRoles: { type: [String], default: [] },
    answerSeq: { type: Number, default: 0 },
    statusesBehind: { type: Boolean, default: false },
    snapshotSeq: { type: Number, default: 0 },
    decisions: { type: [Schema.Types.Mixed], default: [] },
    decidedRound: { type: Number, default: 0 },
    decisionCount: { type: Number, default: 0 },
    card: { _id: false, channel: String, ts: String },
    openedAt: { type: Date, required: true },
    lastActivityAt: { type: Date, required: true },
    decidedAt: Date,
    // A decision's later steps, written with it (no transactions); see DecisionFollowUp.
    decisionFollowUp: { type: Schema.Types.Mixed, default: undefined },
    // A re-review round's later steps, written with the round; see RoundFollowUp.
    roundFollowUp: { type: Schema.Types.Mixed, default: undefined },
    // The opening's later steps (stage move, registration audit events), written with the review.
    openFollowUp: { type: Schema.Types.Mixed, default: undefined },
    // Pilot name, stakeholders and each role's last saving round, for a save's lock check (AnswerFacts).
    answerFacts: { type: Schema.Types.Mixed, default: undefined },
    // When each role last confirmed its answers (a save or *Still true*): older than the validity, stale.
    confirmations: { type: Schema.Types.Mixed, default: undefined },
    // The stale confirmations the last opening of the decision asked about, per role (the card shows them).
    reconfirmAsked: { type: Schema.Types.Mixed, default: undefined },
    // A *Still true* re-stamp whose audit event is still to be appended, per role.
    reaffirmAudit: { type: Schema.Types.Mixed, default: undefined },
    // The repair job's failed attempts at this review's card, and when it tries again (backoff).
    repair: { _id: false, type: { failures: Number, nextAt: Date }, default: undefined },
  },
  { collection: 'reviews', versionKey: false, minimize: false },
);
// One review per pilot; its rounds live inside it.
reviewSchema.index({ teamId: 1, pilotId: 1 }, { unique: true });
reviewSchema.index({ teamId: 1, outcome: 1 });
reviewSchema.index({ statusesBehind: 1 });
reviewSchema.index({ 'decisionFollowUp.claimedAt': 1 });
reviewSchema.index({ 'roundFollowUp.claimedAt': 1 });
reviewSchema.index({ 'openFollowUp.claimedAt': 1 });

const answerSchema = new Schema(
  {
    teamId: { type: String, required: true },
    reviewId: { type: String, required: true },
    round: { type: Number, required: true },
    role: { type: String, required: true },
    userId: { type: String, required: true },
    answers: { type: Schema.Types.Mixed, required: true },
    submittedAt: { type: Date, required: true },
    // The round's first save of the role (set on insert only): a stalled edit's `before` is found by it.
    firstSubmittedAt: { type: Date, default: undefined },
    // Written with the answers and removed once their audit event is appended (no transactions): if the
    // process or database stops in between, a resubmission or the repair job appends the event.
    auditPending: { type: Schema.Types.Mixed, default: undefined },
  },
  { collection: 'answers', versionKey: false, minimize: false },
);
// One answer document per role per round: concurrent roles never overwrite each other.
answerSchema.index({ reviewId: 1, round: 1, role: 1 }, { unique: true });
answerSchema.index({ teamId: 1, reviewId: 1 });

const planItemSchema = new Schema(
  {
    teamId: { type: String, required: true },
    reviewId: { type: String, required: true },
    pilotId: { type: String, required: true },
    round: { type: Number, required: true },
    signal: { type: String, required: true },
    action: { type: String, required: true },
    ownerId: { type: String, required: true },
    dueDate: { type: String, required: true },
    investment: Number,
    doneAt: Date,
    doneBy: String,
    doneAuditPending: Boolean,
    roundCheckAt: Date,
  },
  { collection: 'plan_items', versionKey: false, timestamps: true },
);
planItemSchema.index({ teamId: 1, reviewId: 1 });
planItemSchema.index({ teamId: 1, ownerId: 1, doneAt: 1 });
planItemSchema.index({ dueDate: 1, doneAt: 1 });
planItemSchema.index({ roundCheckAt: 1 });

const manifestSnapshotSchema = new Schema(
  {
    version: { type: String, required: true },
    content: { type: Schema.Types.Mixed, required: true },
    storedAt: { type: Date, required: true },
  },
  { collection: 'manifest_snapshots', versionKey: false, minimize: false },
);
manifestSnapshotSchema.index({ version: 1 }, { unique: true });

export const ReviewModel = mongoose.models.Review ?? mongoose.model('Review', reviewSchema);
export const AnswerModel = mongoose.models.Answer ?? mongoose.model('Answer', answerSchema);
export const PlanItemModel = mongoose.models.PlanItem ?? mongoose.model('PlanItem', planItemSchema);
export const ManifestSnapshotModel =
  mongoose.models.ManifestSnapshot ?? mongoose.model('ManifestSnapshot', manifestSnapshotSchema);
