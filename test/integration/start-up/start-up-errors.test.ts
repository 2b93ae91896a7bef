import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');

/** Runs `src/main.ts` as `npm start` would, with only the given settings, and returns what it printed. */
function start(env: Record<string, string>) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, stderr: result.stderr, stdout: result.stdout };
}

describe('start-up errors', () => {
  it('a malformed MONGODB_URI stops start-up naming MONGODB_URI and what is expected, password masked', () => {
    const { code, stderr, stdout } = start({
      SLACK_BOT_TOKEN: 'xoxb-1-2-abc',
      SLACK_SIGNING_SECRET: 'signing-secret-value',
      MONGODB_URI: 'mongodb://pilotgate:hunter2-secret@',
    });
    expect(code).toBe(2);
    expect(stderr).toMatch(/^ {2}- MONGODB_URI: expected mongodb:\/\/\[user:password@\]host.*Protocol and host list/m);
    expect(stderr).toContain('(got "mongodb://pilotgate:…@")');
    expect(stderr + stdout).not.toContain('hunter2-secret');
  });
});
