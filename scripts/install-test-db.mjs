#!/usr/bin/env node
// Builds FerretDB (a MongoDB-compatible server on SQLite) into .tools/ferretdb.
// Used for local running without MONGODB_URI and for the test suite.
// Idempotent and safe to run concurrently (lock file). Needs Go >= 1.22.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const VERSION = 'v1.24.0';
const MODULE = 'github.com/FerretDB/FerretDB';
// Bump when the patch below changes, so existing .tools/ferretdb builds are rebuilt.
const BUILD_ID = `${VERSION}+pilotgate.6`;
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

const patchesDir = path.join(root, 'scripts', 'ferretdb');

/** Replaces one exact snippet of a FerretDB source file; fails loudly when the snippet moved. */
function replaceInSource(srcDir, relFile, anchor, replacement) {
  const file = path.join(srcDir, ...relFile.split('/'));
  const src = fs.readFileSync(file, 'utf8');
  if (!src.includes(anchor)) fail(`cannot patch FerretDB: expected snippet not found in ${relFile}`);
  fs.writeFileSync(file, src.split(anchor).join(replacement));
}

function addSource(srcDir, relDir, name) {
  fs.copyFileSync(path.join(patchesDir, name), path.join(srcDir, ...relDir.split('/'), name));
}

const STOCK_ID_PUSHDOWN = `if params.Filter.Len() == 1 {
\t\tv, _ := params.Filter.Get("_id")
\t\tswitch v.(type) {
\t\tcase string, types.ObjectID:
\t\t\t`;

/**
 * Five patches, each a file (or an edit) of scripts/ferretdb/ plus the smallest edit that calls it:
 *
 * 1. Atomic single-document writes. FerretDB 1.x runs update/findAndModify as read-then-write
 *    without a transaction, so concurrent updates of one document lose writes (20 parallel $inc
 *    end at ~3). MongoDB makes them atomic and agenda's job locking relies on it, so write commands
 *    are serialized inside the server with one mutex. Reads stay concurrent.
 * 2. One-pass decoding. Stock sjson.Unmarshal runs encoding/json three times over every stored
 *    document, most of a scan's cost; fastjson parses it once (the stock decoder still handles
 *    whatever the fast one does not recognise, and FerretDB's own sjson tests must pass).
 * 3. No debug bookkeeping in a release build: resource.Track captured a stack for every iterator
 *    (a third of a scan's time) and the wire module re-decoded every reply (see vendorWire…).
 * 4. Indexed queries. Stock 1.24 on SQLite filters every query in Go after decoding every document
 *    of the collection (about 5,000 documents a second here), however the collection is indexed, and
 *    looks documents up by _id with an expression no index covers. Top-level equality and $in
 *    conditions are pushed down to SQLite with the expression FerretDB's indexes are built on; the
 *    handler still applies the whole filter afterwards, so results are unchanged.
 * 5. One transaction per update statement. Stock 1.24 commits each document an updateMany changes on
 *    its own (a WAL commit, often a checkpoint, each under patch 1's lock); the changed documents are
 *    now written together once the statement's query is done.
 */
const FASTJSON = 'github.com/valyala/fastjson@v1.6.4';
const WIRE = 'github.com/FerretDB/wire@v0.0.7';

function patchSources(srcDir) {
  addSource(srcDir, 'internal/clientconn', 'pilotgate_serialize.go');
  replaceInSource(
    srcDir,
    'internal/clientconn/conn.go',
    '\t\treturn cmd.Handler(connCtx, msg)\n',
    '\t\tif pilotgateSerialized[command] {\n\t\t\tpilotgateWriteMu.Lock()\n\t\t\tdefer pilotgateWriteMu.Unlock()\n\t\t}\n\n' +
      '\t\treturn cmd.Handler(connCtx, msg)\n',
  );

  addSource(srcDir, 'internal/handler/sjson', 'pilotgate_fastdecode.go');
  addSource(srcDir, 'internal/handler/sjson', 'pilotgate_fastdecode_test.go');
  replaceInSource(
    srcDir,
    'internal/handler/sjson/sjson.go',
    'func Unmarshal(data []byte) (*types.Document, error) {\n',
    'func Unmarshal(data []byte) (*types.Document, error) {\n\tif d, ok := pilotgateFastUnmarshal(data); ok {\n\t\treturn d, nil\n\t}\n\n',
  );

  for (const fn of ['Track', 'Untrack']) {
    replaceInSource(
      srcDir,
      'internal/util/resource/resource.go',
      `func ${fn}(obj any, token *Token) {\n\tcheckArgs(obj, token)\n`,
      `func ${fn}(obj any, token *Token) {\n\tcheckArgs(obj, token)\n\n\tif !debugbuild.Enabled {\n\t\treturn\n\t}\n`,
    );
  }

  addSource(srcDir, 'internal/backends/sqlite', 'pilotgate_pushdown.go');
  replaceInSource(
    srcDir,
    'internal/backends/sqlite/metadata/metadata.go',
    `IDColumn = DefaultColumn + "->'$._id'"`,
    'IDColumn = DefaultColumn + `->"_id"`',
  );
  replaceInSource(
    srcDir,
    'internal/backends/sqlite/collection.go',
    `${STOCK_ID_PUSHDOWN}whereClause = fmt.Sprintf(\` WHERE %s = ?\`, metadata.IDColumn)
\t\t\targs = []any{string(must.NotFail(sjson.MarshalSingleValue(v)))}
\t\t}
\t}`,
    'whereClause, args = pilotgateWhereClause(params.Filter)',
  );
  replaceInSource(
    srcDir,
    'internal/backends/sqlite/collection.go',
    `${STOCK_ID_PUSHDOWN}filterPushdown = true
\t\t\twhereClause = fmt.Sprintf(\` WHERE %s = ?\`, metadata.IDColumn)
\t\t\targs = []any{string(must.NotFail(sjson.MarshalSingleValue(v)))}
\t\t}
\t}`,
    'whereClause, args = pilotgateWhereClause(params.Filter)\n\tfilterPushdown = whereClause != ""',
  );

  // 5. One transaction per update statement, not per document it changes.
  const update = 'internal/handler/common/update.go';
  replaceInSource(
    srcDir,
    update,
    '\tisFindAndModify := (strings.ToLower(cmd) == "findandmodify")\n',
    '\tisFindAndModify := (strings.ToLower(cmd) == "findandmodify")\n\n\tvar pilotgateModified []*types.Document\n',
  );
  replaceInSource(
    srcDir,
    update,
    '\t\t\tif !upsert {\n\t\t\t\treturn result, nil\n\t\t\t}\n',
    '\t\t\tif !upsert {\n\t\t\t\tif len(pilotgateModified) > 0 {\n' +
      '\t\t\t\t\tif _, err := c.UpdateAll(ctx, &backends.UpdateAllParams{Docs: pilotgateModified}); err != nil {\n' +
      '\t\t\t\t\t\treturn nil, lazyerrors.Error(err)\n\t\t\t\t\t}\n\t\t\t\t}\n\n' +
      '\t\t\t\treturn result, nil\n\t\t\t}\n',
  );
  replaceInSource(
    srcDir,
    update,
    '\t\t} else if modified {\n\t\t\t_, err := c.UpdateAll(ctx, &backends.UpdateAllParams{Docs: []*types.Document{doc}})\n' +
      '\t\t\tif err != nil {\n\t\t\t\treturn nil, lazyerrors.Error(err)\n\t\t\t}\n',
    '\t\t} else if modified {\n\t\t\tpilotgateModified = append(pilotgateModified, doc)\n',
  );
}

/**
 * github.com/FerretDB/wire v0.0.7 hard-codes `debugbuild = true`, so every reply is decoded again
 * in full to check it before it is sent (a tenth of a scan). A copy with that constant off replaces
 * the module for this build.
 */
function vendorWireWithoutDebugChecks(go, srcDir, env) {
  const wire = JSON.parse(run(go, ['mod', 'download', '-json', WIRE], { cwd: srcDir, env }));
  if (!wire.Dir) fail(`go mod download returned no Dir for ${WIRE}: ${wire.Error ?? JSON.stringify(wire)}`);
  const copy = path.join(srcDir, 'pilotgate-wire');
  fs.cpSync(wire.Dir, copy, { recursive: true });
  execFileSync('chmod', ['-R', 'u+w', copy]);
  replaceInSource(copy, 'wire.go', 'const debugbuild = true\n', 'const debugbuild = false\n');
  run(go, ['mod', 'edit', `-replace=${WIRE.split('@')[0]}=./pilotgate-wire`], { cwd: srcDir, env });
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
  const env = { ...process.env, GOFLAGS: '-buildvcs=false', CGO_ENABLED: process.env.CGO_ENABLED ?? '0' };

  log(`step 1/4: downloading module ${MODULE}@${VERSION}`);
  const info = JSON.parse(run(go, ['mod', 'download', '-json', `${MODULE}@${VERSION}`], { env }));
  if (!info.Dir) fail(`go mod download returned no Dir: ${info.Error ?? JSON.stringify(info)}`);

  const srcDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferretdb-src-'));
  const tmpBinary = `${binary}.tmp-${process.pid}`;
  try {
    log('step 2/4: preparing sources');
    fs.cpSync(info.Dir, srcDir, { recursive: true });
    execFileSync('chmod', ['-R', 'u+w', srcDir]);
    fs.mkdirSync(path.join(srcDir, 'build', 'version'), { recursive: true });
    fs.writeFileSync(path.join(srcDir, 'build', 'version', 'version.txt'), `${VERSION}\n`);
    patchSources(srcDir);

    run(go, ['get', FASTJSON], { cwd: srcDir, env });
    vendorWireWithoutDebugChecks(go, srcDir, env);

    // FerretDB's own tests of the document decoder, with ours beside them (testutil wants a .git).
    log('step 3/4: go test ./internal/handler/sjson (the patched decoder)');
    fs.mkdirSync(path.join(srcDir, '.git'), { recursive: true });
    run(go, ['test', './internal/handler/sjson/'], { cwd: srcDir, env });

    log('step 4/4: go build ./cmd/ferretdb');
    run(go, ['build', '-o', tmpBinary, './cmd/ferretdb'], { cwd: srcDir, env });
    fs.renameSync(tmpBinary, binary);
    fs.writeFileSync(buildIdFile, `${BUILD_ID}\n`);
  } finally {
    fs.rmSync(tmpBinary, { force: true });
    fs.rmSync(srcDir, { recursive: true, force: true });
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
