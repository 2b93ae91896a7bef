import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const script = path.resolve(import.meta.dirname, '../../../scripts/install-test-db.mjs');
const made: string[] = [];

/** A project folder holding only the installer and its build inputs, so it has no built database and builds nothing real. */
function bareProject(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pilotgate-installer-'));
  made.push(dir);
  mkdirSync(path.join(dir, 'scripts'));
  copyFileSync(script, path.join(dir, 'scripts', 'install-test-db.mjs'));
  cpSync(path.join(path.dirname(script), 'ferretdb'), path.join(dir, 'scripts', 'ferretdb'), { recursive: true });
  return dir;
}

/** A `go` that reports an old version. */
function fakeGo(dir: string, version: string): string {
  const file = path.join(dir, 'fake-go');
  writeFileSync(file, `#!/bin/sh\necho "go version ${version} linux/amd64"\n`);
  chmodSync(file, 0o755);
  return file;
}

function runInstaller(dir: string, env: Record<string, string>) {
  const emptyModCache = path.join(dir, 'gomodcache');
  const res = spawnSync(process.execPath, [path.join(dir, 'scripts', 'install-test-db.mjs')], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 30_000,
    // No Go on PATH; an empty module cache and no proxy, so a Go found anyway fails fast instead of building.
    env: { PATH: '/nonexistent', HOME: dir, GOMODCACHE: emptyModCache, GOPROXY: 'off', GOFLAGS: '-modcacherw', ...env },
  });
  return { status: res.status, out: `${res.stdout}${res.stderr}` };
}

afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('scripts/install-test-db.mjs without a usable Go', () => {
  it('stops with one paragraph saying what to install or how to use an existing MongoDB, no stack trace', () => {
    const dir = bareProject();
    const { status, out } = runInstaller(dir, { GO: path.join(dir, 'no-such-go') });
    expect(status).toBe(1);
    expect(out).toContain('Go 1.22 or newer');
    expect(out).toMatch(/Debian\/Ubuntu: .*apt-get install/s);
    expect(out).toMatch(/macOS: .*brew install go/s);
    expect(out).toContain('https://go.dev/dl/');
    expect(out).toContain('TEST_MONGODB_URI=');
    expect(out).toContain('MONGODB_URI=');
    expect(out).not.toMatch(/^\s+at /m);
    expect(out.trim().split('\n\n')).toHaveLength(1);
    expect(existsSync(path.join(dir, '.tools', 'ferretdb'))).toBe(false);
  });

  it('names the Go it found when it is too old', () => {
    const dir = bareProject();
    const { status, out } = runInstaller(dir, { GO: fakeGo(dir, 'go1.19.8') });
    expect(status).toBe(1);
    expect(out).toContain('go1.19.8');
    expect(out).toContain('too old');
    expect(out).toContain('TEST_MONGODB_URI=');
    expect(out).not.toMatch(/^\s+at /m);
  });

  it('builds nothing when TEST_MONGODB_URI points the tests at an existing MongoDB', () => {
    const dir = bareProject();
    const { status, out } = runInstaller(dir, {
      GO: path.join(dir, 'no-such-go'),
      TEST_MONGODB_URI: 'mongodb://127.0.0.1:27017/',
    });
    expect(out).toContain('TEST_MONGODB_URI is set');
    expect(status).toBe(0);
    expect(existsSync(path.join(dir, '.tools'))).toBe(false);
  });
});
