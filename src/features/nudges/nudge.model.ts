import mongoose, { Schema } from 'mongoose';

/** One document per (review, round, recipient): how often they were nudged, when last, and any snooze. */
const nudgeStateSchema = new Schema(
  {
    teamId: { type: String, required: true },
    reviewId: { type: String, required: true },
    round: { type: Number, required: true },
    userId: { type: String, required: true },
    count: { type: Number, required: true, default: 0 },
    lastSentAt: Date,
    snoozedUntil: Date,
    escalated: { type: Number, default: 0 },
  },
  { collection: 'nudges', versionKey: false },
);
// A recipient has one nudge record per round, so counting can be a compare-and-set on `count`.
nudgeStateSchema.index({ reviewId: 1, round: 1, userId: 1 }, { unique: true });

export const NudgeStateModel = mongoose.models.NudgeState ?? mongoose.model('NudgeState', nudgeStateSchema);
