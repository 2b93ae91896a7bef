import mongoose, { Schema } from 'mongoose';

/**
 * One Slack installation of PilotGate: a workspace, or a whole Enterprise Grid org (org-wide install).
 * Tokens are stored sealed (AES-256-GCM, see token-cipher.ts), never in clear.
 */
const installationSchema = new Schema(
  {
    /** `<enterpriseId|->:<teamId|*>`; `*` is an org-wide install that serves every team of the org. */
    installKey: { type: String, required: true },
    teamId: { type: String },
    teamName: { type: String },
    enterpriseId: { type: String },
    enterpriseName: { type: String },
    isEnterpriseInstall: { type: Boolean, required: true, default: false },
    /** Teams of an org-wide install seen so far, so jobs that know only a team id find the token. */
    seenTeamIds: { type: [String], default: [] },
    appId: String,
    botId: String,
    botUserId: String,
    botScopes: { type: [String], default: [] },
    sealedBotToken: { type: String, required: true },
    installerUserId: String,
    installedAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'installations', versionKey: false, minimize: false },
);
installationSchema.index({ installKey: 1 }, { unique: true });
installationSchema.index({ teamId: 1 });
installationSchema.index({ seenTeamIds: 1 });

export const InstallationModel = mongoose.models.Installation ?? mongoose.model('Installation', installationSchema);

export interface StoredInstallation {
  installKey: string;
  teamId?: string;
  teamName?: string;
  enterpriseId?: string;
  enterpriseName?: string;
  isEnterpriseInstall: boolean;
  seenTeamIds: string[];
  appId?: string;
  botId?: string;
  botUserId?: string;
  botScopes: string[];
  sealedBotToken: string;
  installerUserId?: string;
  installedAt: Date;
  updatedAt: Date;
}

/** The unique key of an installation: per enterprise and team, or per enterprise for an org-wide install. */
export function installKey(input: { enterpriseId?: string; teamId?: string; isEnterpriseInstall: boolean }): string {
  return `${input.enterpriseId || '-'}:${input.isEnterpriseInstall ? '*' : input.teamId || '-'}`;
}
