#!/usr/bin/env node
// Builds FerretDB (a MongoDB-compatible server on SQLite) into .tools/ferretdb.
// Used for local running without MONGODB_URI and for the test suite.
// Idempotent and safe to run concurrently (lock file). Needs Go >= 1.22. FerretDB is changed only by
// the patches in scripts/ferretdb/patches/, applied with `git apply`.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyPatches } from './ferretdb/apply-patches.mjs';
import { BUILD, currentBuildId, readPatches } from './ferretdb/build-inputs.mjs';

// What is built and its changes live in scripts/ferretdb/ (build-inputs.mjs, patches/*.patch); the
// build id hashes them all, so editing a patch rebuilds .tools/ferretdb on the next run.
const VERSION = BUILD.version;
const BUILD_ID = currentBuildId();
const LOCK_STALE_MS = 15 * 60 * 1000;
const LOCK_WAIT_MS = 20 * 60 * 1000;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const toolsDir = path.join(root, '.tools');
const binary = path.join(toolsDir, 'ferretdb');
const buildIdFile = path.join(toolsDir, 'ferretdb.build-id');
const lockFile = path.join(toolsDir, 'ferretdb.lock');

function log(line) {
  process.stdout.write(`[install-test-db] ${line}\n`);
}

function fail(message) {
  process.stderr.write(`[install-test-db] ERROR: ${message}\n`);
  process.exit(1);
}

function installedVersionOk() {
  if (!fs.existsSync(binary)) return false;
  if (readOr(buildIdFile, '').trim() !== BUILD_ID) return false;
  const res = spawnSync(binary, ['--version'], { encoding: 'utf8', timeout: 15_000 });
  return res.status === 0 && `${res.stdout}${res.stderr}`.includes(VERSION);
}

function readOr(file, fallback) {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return fallback;
  }
}

const GO_FALLBACKS = ['/usr/local/go/bin/go', path.join(os.homedir(), 'go', 'bin', 'go'), '/usr/lib/go/bin/go'];

/**
 * The Go toolchain to build with: `GO` when set (and only it, so an explicit choice is never
 * silently replaced), else `go` on PATH or a usual install folder. `tooOld` lists versions seen.
 */
function findGo() {
  const candidates = process.env.GO ? [process.env.GO] : ['go', ...GO_FALLBACKS];
  const tooOld = [];
  for (const candidate of candidates) {
    const res = spawnSync(candidate, ['version'], { encoding: 'utf8' });
    if (res.status !== 0) continue;
    const m = /go(\d+)\.(\d+)(\.\d+)?/.exec(res.stdout);
    if (m && (Number(m[1]) > 1 || Number(m[2]) >= 22)) return { go: candidate, version: res.stdout.trim() };
    tooOld.push(`${candidate} is ${m ? m[0] : res.stdout.trim()}`);
  }
  return { looked: candidates, tooOld };
}

/** One paragraph: what is missing, how to install it on Debian/Ubuntu and macOS, or how to do without. */
function noGoMessage({ looked, tooOld }) {
  const found = tooOld.length
    ? `the Go found is too old (${tooOld.join('; ')}).`
    : `none was found (looked for ${looked.map((c) => (c === 'go' ? '`go` on PATH' : c)).join(', ')}).`;
  return [
    `Go 1.22 or newer is needed to build the test and local database (FerretDB ${VERSION}), and ${found}`,
    'Install it, then run the same command again. Debian/Ubuntu: `sudo apt-get install golang-go` (Go 1.22+ on',
    'Ubuntu 24.04 and Debian 13; on older releases `sudo snap install go --classic`, or unpack the tarball from',
    'https://go.dev/dl/ into /usr/local/go). macOS: `brew install go`, or the installer from https://go.dev/dl/.',
    'Set GO=/path/to/go to use a Go outside PATH. Or use an existing MongoDB 7 instead and skip this build:',
    '`TEST_MONGODB_URI=mongodb://localhost:27017/ npm test` for the tests, `MONGODB_URI=mongodb://… npm start` for the app.',
  ].join('\n');
}

function sleep(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

/** Exclusive-create lock file; waits for another holder; breaks stale locks. */
function acquireLock() {
  const started = Date.now();
  let announced = false;
  for (;;) {
    try {
      const fd = fs.openSync(lockFile, 'wx');
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      return;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
    }
    let stale = false;
    try {
      const holder = Number(fs.readFileSync(lockFile, 'utf8').trim());
      const age = Date.now() - fs.statSync(lockFile).mtimeMs;
      stale = (holder > 0 && !pidAlive(holder)) || age > LOCK_STALE_MS;
    } catch {
      // lock vanished or half-written; retry
    }
    if (stale) {
      log('removing stale lock');
      fs.rmSync(lockFile, { force: true });
      continue;
    }
    if (!announced) {
      log('another install is running; waiting for it…');
      announced = true;
    }
    if (Date.now() - started > LOCK_WAIT_MS) fail(`timed out waiting for lock ${lockFile}`);
    sleep(500);
  }
}

function releaseLock() {
  fs.rmSync(lockFile, { force: true });
}

function run(cmd, args, opts = {}) {
  const res = spawnSync(cmd, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    ...opts,
  });
  if (res.status !== 0) {
    fail(
      `${path.basename(cmd)} ${args.join(' ')} failed (exit ${res.status ?? res.signal}):\n${res.stderr || res.stdout}`,
    );
  }
  return res.stdout;
}

function build(go) {
  const t0 = Date.now();
  log(`Building FerretDB ${VERSION} (first run only, ~1-2 min)…`);
  const env = {
    ...process.env,
    GOFLAGS: BUILD.goFlags,
    CGO_ENABLED: process.env.CGO_ENABLED ?? BUILD.cgoEnabled,
    // FerretDB's go.mod asks for Go 1.24: an older Go (1.22+) then fetches that toolchain through the
    // module proxy, even where its distribution defaults to GOTOOLCHAIN=local. An explicit setting wins.
    GOTOOLCHAIN: process.env.GOTOOLCHAIN ?? 'auto',
  };

  log(`step 1/4: downloading module ${BUILD.module}@${VERSION}`);
  const info = JSON.parse(run(go, ['mod', 'download', '-json', `${BUILD.module}@${VERSION}`], { env }));
  if (!info.Dir) fail(`go mod download returned no Dir: ${info.Error ?? JSON.stringify(info)}`);

  const srcDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferretdb-src-'));
  const tmpBinary = `${binary}.tmp-${process.pid}`;
  const cleanUp = () => {
    fs.rmSync(tmpBinary, { force: true });
    fs.rmSync(srcDir, { recursive: true, force: true });
  };
  // fail() exits the process at once, skipping `finally`: the copy is removed on exit too.
  process.on('exit', cleanUp);
  try {
    log('step 2/4: preparing sources');
    fs.cpSync(info.Dir, srcDir, { recursive: true });
    execFileSync('chmod', ['-R', 'u+w', srcDir]);
    // What `--version` reports; FerretDB's own build writes it from `git describe`.
    fs.mkdirSync(path.join(srcDir, 'build', 'version'), { recursive: true });
    fs.writeFileSync(path.join(srcDir, 'build', 'version', 'version.txt'), `${VERSION}\n`);
    const patches = readPatches();
    for (const patch of patches) log(`  patch ${patch.name}`);
    try {
      applyPatches(srcDir, patches);
    } catch (err) {
      fail(
        `${err.message}\nEach patch in scripts/ferretdb/patches/ must apply, in order, to FerretDB ${VERSION} ` +
          'as the Go module proxy serves it: fix or regenerate that patch (git diff in a copy of the module).',
      );
    }

    // FerretDB's own tests of the document decoder, with ours beside them (testutil wants a .git).
    log(`step 3/4: go test ${BUILD.testPackages} (the patched decoder)`);
    fs.mkdirSync(path.join(srcDir, '.git'), { recursive: true });
    run(go, ['test', BUILD.testPackages], { cwd: srcDir, env });

    log(`step 4/4: go build ${BUILD.target}`);
    run(go, ['build', '-o', tmpBinary, BUILD.target], { cwd: srcDir, env });
    fs.renameSync(tmpBinary, binary);
    fs.writeFileSync(buildIdFile, `${BUILD_ID}\n`);
  } finally {
    cleanUp();
    process.off('exit', cleanUp);
  }

  if (!installedVersionOk()) fail(`built ${binary} but "--version" does not report ${VERSION}`);
  log(`done: ${path.relative(root, binary)} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

function main() {
  // The tests then run against that server (test/support/global-setup.ts), so none is built.
  if (process.env.TEST_MONGODB_URI) {
    log('TEST_MONGODB_URI is set: the tests use that MongoDB, so FerretDB is not built');
    return;
  }
  if (installedVersionOk()) {
    log(`FerretDB ${BUILD_ID} already installed at ${path.relative(root, binary)}`);
    return;
  }
  const found = findGo();
  if (!found.go) fail(noGoMessage(found));
  fs.mkdirSync(toolsDir, { recursive: true });
  acquireLock();
  process.on('exit', releaseLock);
  const onSignal = () => {
    releaseLock();
    process.exit(130);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    // Another run may have finished the build while we waited for the lock.
    if (installedVersionOk()) {
      log(`FerretDB ${BUILD_ID} already installed at ${path.relative(root, binary)}`);
      return;
    }
    log(`using ${found.version}`);
    build(found.go);
  } finally {
    releaseLock();
  }
}

main();
