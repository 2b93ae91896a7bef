import mongoose, { Schema } from 'mongoose';

const workspaceSettingsSchema = new Schema(
  {
    teamId: { type: String, required: true },
    overrides: { type: Schema.Types.Mixed, default: {} },
    gateAdmins: { type: [String], default: [] },
    updatedBy: String,
    updatedAt: Date,
  },
  { collection: 'workspace_settings', versionKey: false, minimize: false },
);
workspaceSettingsSchema.index({ teamId: 1 }, { unique: true });

export const WorkspaceSettingsModel =
  mongoose.models.WorkspaceSettings ?? mongoose.model('WorkspaceSettings', workspaceSettingsSchema);
