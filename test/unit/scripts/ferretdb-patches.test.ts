import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyPatches } from '../../../scripts/ferretdb/apply-patches.mjs';
import {
  BUILD,
  buildId,
  currentBuildId,
  PATCHES_DIR,
  patchHeader,
  readPatches,
} from '../../../scripts/ferretdb/build-inputs.mjs';

const made: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pilotgate-patches-'));
  made.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The Go module cache, as `go` would find it (GOMODCACHE, else GOPATH's, else ~/go's). */
function goModCache(): string {
  if (process.env.GOMODCACHE) return process.env.GOMODCACHE;
  const res = spawnSync(process.env.GO ?? 'go', ['env', 'GOMODCACHE'], { encoding: 'utf8' });
  if (res.status === 0 && res.stdout.trim()) return res.stdout.trim();
  return path.join(process.env.GOPATH ?? path.join(os.homedir(), 'go'), 'pkg', 'mod');
}

/** The module cache's folder for module@version (capital letters are stored as "!" + lower case). */
function cachedModuleDir(module: string, version: string): string {
  return path.join(goModCache(), `${module.replace(/[A-Z]/g, (c) => `!${c.toLowerCase()}`)}@${version}`);
}

const pinnedSource = cachedModuleDir(BUILD.module, BUILD.version);

describe('scripts/ferretdb/patches', () => {
  it('holds only numbered .patch files, each opening with prose saying what and why', () => {
    const files = readdirSync(PATCHES_DIR);
    const patches = readPatches();
    expect(patches.length).toBeGreaterThan(0);
    // Anything else in the folder would be neither applied nor part of the build id.
    expect(files.sort()).toEqual(patches.map((p) => p.name));
    for (const patch of patches) {
      expect(patch.name).toMatch(/^\d{4}-[a-z0-9-]+\.patch$/);
      const header = patchHeader(patch.bytes.toString('utf8'));
      const prose = header.filter((line) => line.trim() !== '');
      expect(prose.length, `${patch.name} has no header`).toBeGreaterThanOrEqual(2);
      expect(
        header.filter((line) => line.includes('#')),
        `${patch.name}: header lines with #`,
      ).toEqual([]);
      expect(patch.bytes.toString('utf8')).toMatch(/^diff --git a\/\S+ b\/\S+$/m);
    }
  });

  it('apply cleanly, in order, to the pinned FerretDB source in the Go module cache', () => {
    if (!existsSync(pinnedSource)) {
      // No cached source to check against (the build downloads it): at least each patch must parse.
      for (const patch of readPatches()) {
        const res = spawnSync('git', ['apply', '--stat', patch.file], { encoding: 'utf8' });
        expect(res.status, `${patch.name}: ${res.stderr}`).toBe(0);
      }
      console.warn(`[ferretdb-patches] ${pinnedSource} is not in the Go module cache; checked that patches parse`);
      return;
    }
    const src = path.join(tempDir(), 'src');
    cpSync(pinnedSource, src, { recursive: true });
    spawnSync('chmod', ['-R', 'u+w', src]);

    applyPatches(src, readPatches());

    expect(readFileSync(path.join(src, 'internal/handler/sjson/sjson.go'), 'utf8')).toContain('pilotgateFastUnmarshal');
    expect(existsSync(path.join(src, 'internal/backends/sqlite/pilotgate_pushdown.go'))).toBe(true);
    expect(readFileSync(path.join(src, 'go.mod'), 'utf8')).toContain('github.com/valyala/fastjson v1.6.4');
  });

  it('need no wire patch: the pinned FerretDB turns the wire debug checks off in a release build', () => {
    if (!existsSync(pinnedSource)) {
      console.warn(`[ferretdb-patches] ${pinnedSource} is not in the Go module cache; wire pin not checked`);
      expect(BUILD.version).toMatch(/^v1\.24\.\d+$/);
      return;
    }
    const goMod = readFileSync(path.join(pinnedSource, 'go.mod'), 'utf8');
    const wireVersion = /^\tgithub\.com\/FerretDB\/wire (v\S+)$/m.exec(goMod)?.[1];
    expect(wireVersion).toBe('v0.0.8');
    expect(readFileSync(path.join(pinnedSource, 'internal/bson/bson.go'), 'utf8')).toContain(
      'wire.Debug = debugbuild.Enabled',
    );
    const wireSource = cachedModuleDir('github.com/FerretDB/wire', 'v0.0.8');
    if (existsSync(wireSource)) {
      expect(readFileSync(path.join(wireSource, 'wire.go'), 'utf8')).toMatch(/^var Debug bool$/m);
    }
  });
});

describe('applyPatches', () => {
  function treeWith(file: string, text: string): string {
    const src = path.join(tempDir(), 'src');
    mkdirSync(src);
    writeFileSync(path.join(src, file), text);
    return src;
  }

  function patchFile(name: string, text: string) {
    const file = path.join(tempDir(), name);
    writeFileSync(file, text);
    return { name, file, bytes: Buffer.from(text) };
  }

  const header = 'Says what and why.\n\n';
  const good = `${header}diff --git a/a.txt b/a.txt\n--- a/a.txt\n+++ b/a.txt\n@@ -1,2 +1,2 @@\n one\n-two\n+2\n`;
  const stale = `${header}diff --git a/a.txt b/a.txt\n--- a/a.txt\n+++ b/a.txt\n@@ -1,2 +1,2 @@\n one\n-three\n+3\n`;

  it('applies each patch in the source tree', () => {
    const src = treeWith('a.txt', 'one\ntwo\n');
    applyPatches(src, [patchFile('0001-two.patch', good)]);
    expect(readFileSync(path.join(src, 'a.txt'), 'utf8')).toBe('one\n2\n');
  });

  it('stops at a patch that does not apply, naming it and saying why, and leaves its files untouched', () => {
    const src = treeWith('a.txt', 'one\ntwo\n');
    expect(() => applyPatches(src, [patchFile('0007-three.patch', stale)])).toThrow(
      /0007-three\.patch does not apply to FerretDB .*\n.*a\.txt/,
    );
    expect(readFileSync(path.join(src, 'a.txt'), 'utf8')).toBe('one\ntwo\n');
  });
});

describe('buildId', () => {
  const patches = [
    { name: '0001-a.patch', bytes: Buffer.from('A\n\ndiff --git a/x b/x\n+1\n') },
    { name: '0002-b.patch', bytes: Buffer.from('B\n\ndiff --git a/y b/y\n+2\n') },
  ];

  it('starts with the FerretDB version and is the same for the same inputs', () => {
    const id = buildId(BUILD, patches);
    expect(id).toMatch(new RegExp(`^${BUILD.version.replace(/\./g, '\\.')}\\+pilotgate\\.[0-9a-f]{16}$`));
    expect(
      buildId(
        { ...BUILD },
        patches.map((p) => ({ ...p, bytes: Buffer.from(p.bytes) })),
      ),
    ).toBe(id);
  });

  it('changes when one byte of one patch changes', () => {
    const bytes = Buffer.from(patches[1]!.bytes);
    bytes[bytes.length - 2] = '3'.charCodeAt(0);
    expect(buildId(BUILD, [patches[0]!, { ...patches[1]!, bytes }])).not.toBe(buildId(BUILD, patches));
  });

  it('changes when a patch is added, dropped or renamed, or a build setting changes', () => {
    const id = buildId(BUILD, patches);
    expect(buildId(BUILD, patches.slice(0, 1))).not.toBe(id);
    expect(buildId(BUILD, [...patches, { name: '0003-c.patch', bytes: Buffer.from('') }])).not.toBe(id);
    expect(buildId(BUILD, [patches[0]!, { ...patches[1]!, name: '0003-b.patch' }])).not.toBe(id);
    expect(buildId({ ...BUILD, version: 'v1.24.3' }, patches)).not.toBe(id);
    expect(buildId({ ...BUILD, target: './cmd/other' }, patches)).not.toBe(id);
  });

  it('is, for this checkout, computed from the version, the build settings and the patch folder', () => {
    expect(currentBuildId()).toBe(buildId(BUILD, readPatches()));
  });
});
