export interface BuildSettings {
  readonly module: string;
  readonly version: string;
  readonly goFlags: string;
  readonly cgoEnabled: string;
  readonly testPackages: string;
  readonly target: string;
}

export interface PatchFile {
  name: string;
  file: string;
  bytes: Buffer;
}

export const BUILD: BuildSettings;
export const PATCHES_DIR: string;
export function readPatches(dir?: string): PatchFile[];
export function patchHeader(text: string): string[];
export function buildId(build: BuildSettings, patches: ReadonlyArray<Pick<PatchFile, 'name' | 'bytes'>>): string;
export function currentBuildId(): string;
