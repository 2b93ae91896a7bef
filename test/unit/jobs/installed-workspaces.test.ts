import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { installedWorkspaces } from '../../../src/jobs/for-each-item.js';

/** A real pino logger whose lines land in `lines` (parsed). */
const recordingLogger = (lines: Record<string, unknown>[]) =>
  pino({ level: 'info', base: {} }, { write: (line: string) => lines.push(JSON.parse(line)) });

describe('installedWorkspaces (one job run)', () => {
  it('asks once per workspace, and logs a workspace without an installation once however many items it has', async () => {
    const lines: Record<string, unknown>[] = [];
    const asked: string[] = [];
    const installed = installedWorkspaces(
      'nudges.sweep',
      async (teamId) => {
        asked.push(teamId);
        return teamId !== 'T0GONE';
      },
      recordingLogger(lines),
    );
    const answers = await Promise.all(['T0A', 'T0GONE', 'T0A', 'T0GONE', 'T0GONE'].map(installed));
    expect(answers).toEqual([true, false, true, false, false]);
    expect(asked).toEqual(['T0A', 'T0GONE']);
    expect(lines).toEqual([
      expect.objectContaining({
        job: 'nudges.sweep',
        teamId: 'T0GONE',
        msg: 'nudges.sweep: workspace has no installation; skipped this run',
      }),
    ]);
  });

  it('a new run asks again (a workspace reinstalled in between is served)', async () => {
    let gone = true;
    const isInstalled = async () => !gone;
    const logger = recordingLogger([]);
    expect(await installedWorkspaces('digests.weekly', isInstalled, logger)('T0B')).toBe(false);
    gone = false;
    expect(await installedWorkspaces('digests.weekly', isInstalled, logger)('T0B')).toBe(true);
  });
});
