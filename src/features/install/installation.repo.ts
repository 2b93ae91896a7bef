import type { AnyModel } from '../../db/to-entity.js';
import { InstallationModel, installKey, type StoredInstallation } from './installation.model.js';
import type { InstallationPresence } from './installation.port.js';
import type { TokenCipher } from './token-cipher.js';

/** What the app needs to act in a workspace: the bot token in clear (only ever in memory). */
export interface WorkspaceBot {
  token: string;
  botId?: string;
  botUserId?: string;
  teamId?: string;
  enterpriseId?: string;
  isEnterpriseInstall: boolean;
}

export interface NewInstallation {
  teamId?: string;
  teamName?: string;
  enterpriseId?: string;
  enterpriseName?: string;
  isEnterpriseInstall: boolean;
  appId?: string;
  botId?: string;
  botUserId?: string;
  botScopes: string[];
  botToken: string;
  installerUserId?: string;
}

const CACHE_MS = 60_000;

/**
 * Installations in MongoDB, keyed uniquely by enterprise and team. Tokens are sealed on the way in and
 * opened on the way out; a token sealed with a previous key is re-sealed with the current key on read.
 */
export class InstallationRepo implements InstallationPresence {
  private readonly cache = new Map<string, { at: number; bot: WorkspaceBot }>();

  constructor(
    /** Null where no TOKEN_ENCRYPTION_KEY is set: only the presence check (installedFor) works then. */
    private readonly tokens: TokenCipher | null,
    private readonly model: AnyModel = InstallationModel as AnyModel,
  ) {}

  private get cipher(): TokenCipher {
    if (!this.tokens) throw new Error('bot tokens can be sealed or opened only with TOKEN_ENCRYPTION_KEY set');
    return this.tokens;
  }

  async installedFor(teamId: string): Promise<boolean> {
    return (await this.model.countDocuments({ $or: [{ teamId }, { seenTeamIds: teamId }] })) > 0;
  }

  /** Saves (or replaces, on reinstall) an installation in one upsert. */
  async save(input: NewInstallation, now: Date): Promise<void> {
    const key = installKey(input);
    const { botToken, ...facts } = input;
    await this.model.updateOne(
      { installKey: key },
      {
        $set: { ...facts, installKey: key, sealedBotToken: this.cipher.seal(botToken), updatedAt: now },
        $setOnInsert: { installedAt: now, seenTeamIds: [] },
      },
      { upsert: true },
    );
    this.forget();
  }

  /**
   * The bot for a team: its own installation, else its org's org-wide install (by enterprise id, or by a
   * team id seen under it before). Null when PilotGate is not installed there.
   */
  async botFor(teamId: string | undefined, enterpriseId?: string): Promise<WorkspaceBot | null> {
    const cacheKey = `${enterpriseId ?? '-'}:${teamId ?? '*'}`;
    const hit = this.cache.get(cacheKey);
    if (hit && Date.now() - hit.at < CACHE_MS) return hit.bot;
    const doc = await this.find(teamId, enterpriseId);
    if (!doc) return null;
    if (doc.isEnterpriseInstall && teamId && !(doc.seenTeamIds ?? []).includes(teamId)) {
      await this.model.updateOne({ installKey: doc.installKey }, { $addToSet: { seenTeamIds: teamId } });
    }
    const bot = await this.open(doc, teamId);
    this.cache.set(cacheKey, { at: Date.now(), bot });
    return bot;
  }

  /** Deletes the installation serving a team (or an org-wide one); returns how many were removed. */
  async remove(teamId: string | undefined, enterpriseId?: string): Promise<number> {
    const doc = await this.find(teamId, enterpriseId);
    this.forget();
    if (!doc) return 0;
    const res = await this.model.deleteOne({ installKey: doc.installKey });
    return res.deletedCount ?? 0;
  }

  /** Re-seals every token that is not sealed with the current key (after a key rotation). */
  async resealAll(): Promise<number> {
    const docs = await this.model
      .find({}, { installKey: 1, sealedBotToken: 1 })
      .lean<Pick<StoredInstallation, 'installKey' | 'sealedBotToken'>[]>();
    let count = 0;
    for (const doc of docs) {
      if (this.cipher.isCurrent(doc.sealedBotToken)) continue;
      if (await this.reseal(doc.installKey, doc.sealedBotToken)) count++;
    }
    return count;
  }

  forget(): void {
    this.cache.clear();
  }

  private async find(teamId: string | undefined, enterpriseId?: string): Promise<StoredInstallation | null> {
    const lean = (filter: Record<string, unknown>) => this.model.findOne(filter).lean<StoredInstallation>();
    if (teamId) {
      const own = await lean({ teamId, isEnterpriseInstall: false });
      if (own) return own;
    }
    if (enterpriseId) return lean({ installKey: installKey({ enterpriseId, isEnterpriseInstall: true }) });
    return teamId ? lean({ seenTeamIds: teamId, isEnterpriseInstall: true }) : null;
  }

  private async open(doc: StoredInstallation, teamId: string | undefined): Promise<WorkspaceBot> {
    const { plain } = this.cipher.open(doc.sealedBotToken);
    if (!this.cipher.isCurrent(doc.sealedBotToken)) await this.reseal(doc.installKey, doc.sealedBotToken);
    return {
      token: plain,
      ...(doc.botId ? { botId: doc.botId } : {}),
      ...(doc.botUserId ? { botUserId: doc.botUserId } : {}),
      ...((doc.teamId ?? teamId) ? { teamId: doc.teamId ?? teamId } : {}),
      ...(doc.enterpriseId ? { enterpriseId: doc.enterpriseId } : {}),
      isEnterpriseInstall: doc.isEnterpriseInstall,
    };
  }

  /** Compare-and-set on the old ciphertext, so two instances re-sealing at once cannot clash. */
  private async reseal(key: string, sealed: string): Promise<boolean> {
    const { plain } = this.cipher.open(sealed);
    const res = await this.model.updateOne(
      { installKey: key, sealedBotToken: sealed },
      { $set: { sealedBotToken: this.cipher.seal(plain) } },
    );
    return res.modifiedCount === 1;
  }
}
