import mongoose, { Schema } from 'mongoose';

/**
 * Pages of a multi-page questionnaire submitted before its last page: answers are never kept only in
 * Slack's view state. One document per (review, round, role); removed when the last page is saved.
 */
const draftSchema = new Schema(
  {
    teamId: { type: String, required: true },
    reviewId: { type: String, required: true },
    round: { type: Number, required: true },
    role: { type: String, required: true },
    userId: { type: String, required: true },
    answers: { type: Schema.Types.Mixed, default: {} },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'questionnaire_drafts', versionKey: false, minimize: false },
);
draftSchema.index({ reviewId: 1, round: 1, role: 1 }, { unique: true });

export const QuestionnaireDraftModel =
  mongoose.models.QuestionnaireDraft ?? mongoose.model('QuestionnaireDraft', draftSchema);
