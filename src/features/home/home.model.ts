import mongoose, { Schema } from 'mongoose';

/** Who has opened PilotGate's Home tab: first visit gets the welcome; only visitors get live refreshes. */
const homeVisitSchema = new Schema(
  {
    teamId: { type: String, required: true },
    userId: { type: String, required: true },
    firstOpenedAt: { type: Date, required: true },
    lastOpenedAt: { type: Date, required: true },
  },
  { collection: 'home_visits', versionKey: false },
);
homeVisitSchema.index({ teamId: 1, userId: 1 }, { unique: true });

export const HomeVisitModel = mongoose.models.HomeVisit ?? mongoose.model('HomeVisit', homeVisitSchema);
