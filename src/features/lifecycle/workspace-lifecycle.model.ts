import mongoose, { Schema } from 'mongoose';

/**
 * A workspace that uninstalled PilotGate: its data is kept until `purgeAfter`, then deleted. The
 * document exists only between the uninstall and the purge (a reinstall deletes it).
 */
const workspaceLifecycleSchema = new Schema(
  {
    teamId: { type: String, required: true },
    state: { type: String, enum: ['uninstalled', 'purging'], required: true },
    uninstalledAt: { type: Date, required: true },
    purgeAfter: { type: Date, required: true },
    why: { type: String },
  },
  { collection: 'workspace_lifecycle', versionKey: false },
);
workspaceLifecycleSchema.index({ teamId: 1 }, { unique: true });
workspaceLifecycleSchema.index({ purgeAfter: 1 });

export const WorkspaceLifecycleModel =
  mongoose.models.WorkspaceLifecycle ?? mongoose.model('WorkspaceLifecycle', workspaceLifecycleSchema);

export interface WorkspaceLifecycle {
  teamId: string;
  state: 'uninstalled' | 'purging';
  uninstalledAt: Date;
  purgeAfter: Date;
}
