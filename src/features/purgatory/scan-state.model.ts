import mongoose, { Schema } from 'mongoose';

/**
 * Per workspace: the day of the last purgatory scan and the thresholds it used. The next scan reads
 * only the pilots due since that day; without a state, or with other thresholds, it reads them all.
 */
const scanStateSchema = new Schema(
  {
    teamId: { type: String, required: true },
    lastScanDay: { type: String, required: true },
    cadenceKey: { type: String, required: true },
    fullScanAt: Date,
  },
  { collection: 'purgatory_scan_state', timestamps: true },
);
scanStateSchema.index({ teamId: 1 }, { unique: true });

export const ScanStateModel =
  mongoose.models.PurgatoryScanState ?? mongoose.model('PurgatoryScanState', scanStateSchema);
