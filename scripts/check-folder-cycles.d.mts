export interface FileArrow {
  from: string;
  to: string;
  typeOnly: boolean;
}
/** What the script reads of a `depcruise -T json` result. */
export interface CruiseResult {
  modules: ReadonlyArray<{
    source: string;
    dependencies: ReadonlyArray<{ resolved?: string; dependencyTypes?: string[] }>;
  }>;
}
export interface UpwardImport {
  fromUnit: string;
  toUnit: string;
  files: FileArrow[];
}
export const FEATURE_ORDER: readonly string[];
export function unitOf(file: string): string | undefined;
export function folderArrows(cruise: CruiseResult): Map<string, Map<string, FileArrow[]>>;
export function findCycles(arrows: Map<string, Map<string, FileArrow[]>>): string[][];
export function findUpwardFeatureImports(arrows: Map<string, Map<string, FileArrow[]>>): {
  upward: UpwardImport[];
  unknown: string[];
};
export function checkFolders(cruise: CruiseResult): {
  cycles: string[][];
  upward: UpwardImport[];
  unknown: string[];
  report: string;
};
