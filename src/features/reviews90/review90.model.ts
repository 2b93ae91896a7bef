import mongoose, { Schema } from 'mongoose';

const review90Schema = new Schema(
  {
    teamId: { type: String, required: true },
    pilotId: { type: String, required: true },
    reviewId: { type: String, required: true },
    openedAt: { type: Date, required: true },
    completedAt: Date,
  },
  { collection: 'review90s', versionKey: false },
);
// One 90-day review per pilot: the daily job opens it once however often it runs.
review90Schema.index({ teamId: 1, pilotId: 1 }, { unique: true });

const portfolioLogSchema = new Schema(
  {
    teamId: { type: String, required: true },
    pilotId: { type: String, required: true },
    pilotName: { type: String, required: true },
    reviewId: { type: String, required: true },
    userId: { type: String, required: true },
    roles: { type: [String], required: true },
    at: { type: Date, required: true },
    kpis: { type: [Schema.Types.Mixed], default: [] },
    signals: { type: Schema.Types.Mixed, required: true },
    incidents: { type: String, default: '' },
    lessons: { type: String, required: true },
    calibration: [{ _id: false, role: String, signal: String, heldUp: Boolean }],
    // The entry's later steps (audit events, stage move), written with it; removed once they ran.
    followUp: { type: Schema.Types.Mixed, default: undefined },
  },
  { collection: 'portfolio_log', versionKey: false, minimize: false },
);
// One entry per reviewer per pilot, written as one document: lessons, outcomes and calibration land together.
portfolioLogSchema.index({ teamId: 1, pilotId: 1, userId: 1 }, { unique: true });
portfolioLogSchema.index({ teamId: 1, at: -1 });
portfolioLogSchema.index({ 'followUp.claimedAt': 1 });

export const Review90Model = mongoose.models.Review90 ?? mongoose.model('Review90', review90Schema);
export const PortfolioLogModel = mongoose.models.PortfolioLog ?? mongoose.model('PortfolioLog', portfolioLogSchema);
