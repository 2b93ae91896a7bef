// What the test database build is made of: the pinned FerretDB, the build settings that shape the
// binary, and the patches under ./patches/. Its build id hashes all three, so a stale build is never
// taken for a current one. Used by scripts/install-test-db.mjs and src/db/embedded-server.ts.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The FerretDB release and how it is built. Every field is part of the build id. */
export const BUILD = Object.freeze({
  module: 'github.com/FerretDB/FerretDB',
  version: 'v1.24.2',
  goFlags: '-buildvcs=false',
  /** CGO_ENABLED when the environment does not set it (FerretDB's SQLite driver is pure Go). */
  cgoEnabled: '0',
  /** Tested after patching: FerretDB's own decoder tests, with the added ones beside them. */
  testPackages: './internal/handler/sjson/',
  target: './cmd/ferretdb',
});

export const PATCHES_DIR = fileURLToPath(new URL('./patches/', import.meta.url));

/** The patch files in the order they are applied (by name, so by number). */
export function readPatches(dir = PATCHES_DIR) {
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.patch'))
    .sort()
    .map((name) => {
      const file = path.join(dir, name);
      return { name, file, bytes: fs.readFileSync(file) };
    });
}

/** The prose lines before a patch's first diff line (git apply skips them). */
export function patchHeader(text) {
  const lines = text.split('\n');
  const first = lines.findIndex((line) => line.startsWith('diff --git ') || line.startsWith('--- '));
  return first < 0 ? lines : lines.slice(0, first);
}

/** `<version>+pilotgate.<hash>`: the hash covers the build settings and every patch's name and bytes. */
export function buildId(build, patches) {
  const hash = createHash('sha256');
  hash.update(JSON.stringify(Object.entries(build).sort(([a], [b]) => a.localeCompare(b))));
  for (const patch of patches) {
    // Length-prefixed, so no two different patch lists hash the same bytes.
    hash.update(`\0${patch.name}\0${patch.bytes.length}\0`);
    hash.update(patch.bytes);
  }
  return `${build.version}+pilotgate.${hash.digest('hex').slice(0, 16)}`;
}

/** The build id of this checkout. */
export function currentBuildId() {
  return buildId(BUILD, readPatches());
}
