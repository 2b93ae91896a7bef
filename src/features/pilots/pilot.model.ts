import mongoose, { Schema } from 'mongoose';
import { PILOT_STAGES, ROLE_IDS } from '../../core/catalog.domain.js';

const roleMap = Object.fromEntries(ROLE_IDS.map((r) => [r, { type: String }]));

const pilotSchema = new Schema(
  {
    teamId: { type: String, required: true },
    enterpriseId: { type: String },
    channelId: { type: String, required: true },
    channelPrivate: { type: Boolean },
    name: { type: String, required: true },
    nameKey: { type: String, required: true },
    useCase: { type: String, default: '' },
    businessUnit: { type: String, default: '' },
    plannedKpiValidationDate: { type: String, required: true },
    kpis: [{ _id: false, name: String, baseline: String, target: String }],
    killCriteria: { type: String, default: '' },
    scaleCriteria: { type: String, default: '' },
    regulated: { type: Boolean, default: false },
    stakeholders: { type: new Schema(roleMap, { _id: false }), required: true },
    // Bumped by every role change (its compare-and-set); the review's copy of the roles records the one it holds.
    rolesVersion: Number,
    // A role change's later steps, written with it (no transactions); see RoleChangeFollowUp.
    rolesFollowUp: { type: Schema.Types.Mixed, default: undefined },
    deputies: { type: new Schema(roleMap, { _id: false }), default: {} },
    createdBy: { type: String, required: true },
    stage: { type: String, enum: PILOT_STAGES, required: true, default: 'registered' },
    flags: [{ _id: false, kind: String, since: Date, detail: String }],
    promisingAt: Date,
    decisionDueAt: Date,
    productionAt: Date,
    // When the pilot entered its current stage (the portfolio chart's days in stage); unset until it first moves.
    stageSince: Date,
    monitoringPlan: { type: Schema.Types.Mixed },
    // A gate admin's exception to separation of duties: reason, who, when, the rules and the roles it covers.
    separationException: { type: Schema.Types.Mixed },
    // The purgatory scan's bookkeeping: the day it next needs this pilot ('now' after a change) and the
    // bucket of the day it is re-checked on anyway, one in SCAN_BUCKETS (pilots/scan-schedule.domain.ts).
    scanDueOn: { type: String, default: 'now' },
    scanMarkedAt: Date,
    scanBucket: String,
  },
  { collection: 'pilots', timestamps: true, minimize: false },
);
// Pilot names are unique per workspace, case-insensitively (nameKey is the folded name).
pilotSchema.index({ teamId: 1, nameKey: 1 }, { unique: true });
pilotSchema.index({ teamId: 1, stage: 1 });
pilotSchema.index({ teamId: 1, channelId: 1 });
pilotSchema.index({ teamId: 1, scanDueOn: 1 });
pilotSchema.index({ teamId: 1, scanBucket: 1 });
pilotSchema.index({ 'rolesFollowUp.claimedAt': 1 });

export const PilotModel = mongoose.models.Pilot ?? mongoose.model('Pilot', pilotSchema);
