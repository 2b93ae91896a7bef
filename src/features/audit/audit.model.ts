import mongoose, { Schema } from 'mongoose';

const auditEventSchema = new Schema(
  {
    teamId: { type: String, required: true },
    reviewId: { type: String, required: true },
    seq: { type: Number, required: true },
    at: { type: Date, required: true },
    actor: { type: String, required: true },
    type: { type: String, required: true },
    subject: { type: String, required: true },
    before: { type: Schema.Types.Mixed, default: null },
    after: { type: Schema.Types.Mixed, default: null },
    prevHash: { type: String, required: true },
    hash: { type: String, required: true },
    hmac: String,
  },
  { collection: 'audit_events', versionKey: false, minimize: false },
);
// One event per position in a review's chain: two writers racing for the same seq cannot both win.
auditEventSchema.index({ reviewId: 1, seq: 1 }, { unique: true });
auditEventSchema.index({ teamId: 1, reviewId: 1 });

export const AuditEventModel = mongoose.models.AuditEvent ?? mongoose.model('AuditEvent', auditEventSchema);
