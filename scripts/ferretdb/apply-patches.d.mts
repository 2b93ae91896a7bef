export function applyPatches(srcDir: string, patches: ReadonlyArray<{ name: string; file: string }>): void;
