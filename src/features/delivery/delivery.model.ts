import mongoose, { Schema } from 'mongoose';

const deliverySchema = new Schema(
  {
    key: { type: String, required: true },
    teamId: { type: String, required: true },
    state: { type: String, enum: ['sending', 'sent', 'failed'], required: true },
    claimedAt: { type: Date, required: true },
    // Which attempt holds the claim: only that attempt may mark the message sent or failed.
    claimId: String,
    sentAt: Date,
    channel: String,
    ts: String,
    attempts: { type: Number, default: 0 },
    lastError: String,
  },
  { collection: 'deliveries', versionKey: false },
);
// The dedupe key: one document per scheduled message, so two workers can never both send it.
deliverySchema.index({ key: 1 }, { unique: true });
deliverySchema.index({ teamId: 1, sentAt: -1 });

export const DeliveryModel = mongoose.models.Delivery ?? mongoose.model('Delivery', deliverySchema);
