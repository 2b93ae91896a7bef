import type { ManifestSet } from '../../core/manifest.domain.js';
import type { ReviewStore } from './review.port.js';

/**
 * The manifests in force plus the snapshots older reviews began with: a review always reads
 * the questionnaire version it started with, even after the files change.
 */
export class ManifestProvider {
  private readonly byVersion = new Map<string, ManifestSet>();

  constructor(
    readonly current: ManifestSet,
    private readonly repo: ReviewStore,
  ) {
    this.byVersion.set(current.version, current);
  }

  async get(version: string): Promise<ManifestSet> {
    const hit = this.byVersion.get(version);
    if (hit) return hit;
    const stored = (await this.repo.manifest(version)) as ManifestSet | null;
    if (!stored) throw new Error(`manifest version ${version} is not stored`);
    this.byVersion.set(version, stored);
    return stored;
  }

  /** Stores the current manifest so reviews opened now can be read after it changes. */
  async pinCurrent(now: Date): Promise<string> {
    await this.repo.storeManifest(this.current.version, this.current, now);
    return this.current.version;
  }
}
