import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MongoClient } from 'mongodb';

export interface EmbeddedServerLogger {
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
}

export interface EmbeddedServerOptions {
  dataDir: string;
  /** A fixed port: no retry on another one if it is taken. */
  port?: number;
  /** Finds a port to try (default: one the OS says is free); called again after a collision. */
  pickPort?: () => Promise<number>;
  logger: EmbeddedServerLogger;
  projectRoot?: string;
}

export interface EmbeddedServer {
  uri: string;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 5_000;
const STDERR_TAIL_CHARS = 4_000;
/** Ports tried before giving up: each collision means another process took the port we had just found free. */
const PORT_ATTEMPTS = 5;
const ADDRESS_IN_USE = /address already in use/i;

/** Folder holding package.json, walking up from this file (works from src/ and dist/). */
export function findProjectRoot(from = path.dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  for (;;) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`package.json not found above ${from}`);
    dir = parent;
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * The installer decides whether the binary is current (it hashes the FerretDB version, build settings and
 * patches, and exits at once when the build id matches). It runs as its own process: src never imports
 * scripts/. Without scripts/ (a deployed image) the binary already there is used as it is.
 */
const INSTALLER = path.join('scripts', 'install-test-db.mjs');

function runInstaller(root: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, INSTALLER)], {
      cwd: root,
      stdio: 'inherit',
    });
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`FerretDB install failed (exit ${code ?? signal})`)),
    );
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.setTimeout(1_000);
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
}

function waitForExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** The process id of the MongoDB-wire server on this port, or undefined while it does not answer. */
async function serverPid(port: number): Promise<number | undefined> {
  const client = new MongoClient(`mongodb://127.0.0.1:${port}/`, {
    directConnection: true,
    serverSelectionTimeoutMS: 1_000,
    connectTimeoutMS: 1_000,
  });
  try {
    const status = await client.db('admin').command({ serverStatus: 1 });
    return Number(status.pid);
  } catch {
    // Not (yet) answering: still starting, or something that is not a database holds the port.
    return undefined;
  } finally {
    await client.close();
  }
}

/**
 * Starts FerretDB (SQLite backend) on 127.0.0.1, building it first if needed. The port is found free,
 * released, and bound by FerretDB a moment later; when another process took it in between, FerretDB
 * cannot bind (or the port answers for someone else), and another port is tried.
 */
export async function startEmbeddedServer(opts: EmbeddedServerOptions): Promise<EmbeddedServer> {
  const root = opts.projectRoot ?? findProjectRoot();
  const binary = path.join(root, '.tools', 'ferretdb');
  if (existsSync(path.join(root, INSTALLER))) await runInstaller(root);
  else if (!existsSync(binary))
    throw new Error(`embedded FerretDB: ${binary} is missing and ${INSTALLER} is not here to build it`);
  const dataDir = path.resolve(opts.dataDir);
  mkdirSync(dataDir, { recursive: true });
  for (let attempt = 1; ; attempt++) {
    const port = opts.port ?? (await (opts.pickPort ?? freePort)());
    const started = await startOnPort(binary, dataDir, port, opts.logger);
    if (started.kind === 'started') return started.server;
    if (opts.port !== undefined || attempt >= PORT_ATTEMPTS) throw started.error;
    opts.logger.warn({ port, attempt }, 'embedded FerretDB: port taken before it could bind; trying another');
  }
}

type StartAttempt = { kind: 'started'; server: EmbeddedServer } | { kind: 'port_taken'; error: Error };

async function startOnPort(
  binary: string,
  dataDir: string,
  port: number,
  logger: EmbeddedServerLogger,
): Promise<StartAttempt> {
  const args = [
    '--handler=sqlite',
    // WAL without an fsync per commit: a crash of the process loses nothing, a power cut at most the last
    // commits (never corrupts); about twice the write rate. The embedded server is for development and tests.
    `--sqlite-url=file:${dataDir}/?_pragma=synchronous(normal)`,
    `--state-dir=${dataDir}`,
    `--listen-addr=127.0.0.1:${port}`,
    '--debug-addr=127.0.0.1:0',
    '--telemetry=disable',
    '--log-level=WARN',
  ];

  const startedAt = Date.now();
  // FerretDB spends about a third of a collection scan in Go's garbage collector at the default
  // GOGC=100; 400 trades some memory for about 30% faster scans. An explicit GOGC still wins.
  const env = { ...process.env, GOGC: process.env.GOGC ?? '400' };
  const child = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'], env });
  let stderrTail = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderrTail = (stderrTail + chunk).slice(-STDERR_TAIL_CHARS);
  });
  let spawnError: Error | undefined;
  child.once('error', (err) => {
    spawnError = err;
  });
  let stopping = false;
  // Until it is up, an exit is this attempt's error (returned or thrown below), not a separate warning.
  let up = false;
  // Don't leave an orphaned server behind if this process exits without calling stop().
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', (code, signal) => {
    process.off('exit', killOnExit);
    if (up && !stopping) {
      logger.warn({ code, signal, stderr: stderrTail.slice(-1_000) }, 'embedded FerretDB exited');
    }
  });

  const deadline = startedAt + START_TIMEOUT_MS;
  for (;;) {
    if (spawnError || child.exitCode !== null || child.signalCode !== null) {
      const error = new Error(
        `FerretDB failed to start (${spawnError?.message ?? `exit ${child.exitCode ?? child.signalCode}`}).\n` +
          `stderr tail:\n${stderrTail}`,
      );
      if (!spawnError && ADDRESS_IN_USE.test(stderrTail)) return { kind: 'port_taken', error };
      throw error;
    }
    if (await canConnect(port)) {
      // Something answers on the port, but only our own child will do: another server may hold it.
      const pid = await serverPid(port);
      if (pid === child.pid) break;
      if (pid !== undefined) {
        stopping = true;
        child.kill('SIGKILL');
        await waitForExit(child);
        return { kind: 'port_taken', error: new Error(`another database server (pid ${pid}) holds 127.0.0.1:${port}`) };
      }
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(
        `FerretDB did not accept connections on 127.0.0.1:${port} within ${START_TIMEOUT_MS / 1000} s.\n` +
          `stderr tail:\n${stderrTail}`,
      );
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  up = true;
  logger.info({ port, dataDir, ms: Date.now() - startedAt }, 'embedded FerretDB started');

  let stopped: Promise<void> | undefined;
  const server: EmbeddedServer = {
    uri: `mongodb://127.0.0.1:${port}/`,
    stop() {
      stopped ??= (async () => {
        stopping = true;
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = waitForExit(child);
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
        await exited;
        clearTimeout(timer);
      })();
      return stopped;
    },
  };
  return { kind: 'started', server };
}
