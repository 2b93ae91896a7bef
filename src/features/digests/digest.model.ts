import mongoose, { Schema } from 'mongoose';

const snapshotSchema = new Schema(
  {
    teamId: { type: String, required: true },
    sponsorId: { type: String, required: true },
    /** The cron occurrence (in the sponsor's zone) this digest was for. */
    occurrence: { type: Date, required: true },
    sentAt: { type: Date, required: true },
    pilots: { type: [Schema.Types.Mixed], default: [] },
  },
  { collection: 'digest_snapshots', versionKey: false, minimize: false },
);
// One digest per sponsor per occurrence; the next digest compares against the latest of them.
snapshotSchema.index({ teamId: 1, sponsorId: 1, occurrence: 1 }, { unique: true });
snapshotSchema.index({ teamId: 1, sentAt: -1 });

export const DigestSnapshotModel = mongoose.models.DigestSnapshot ?? mongoose.model('DigestSnapshot', snapshotSchema);
