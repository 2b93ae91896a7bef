import type { Logger } from '../shared/logger.js';

export interface ItemRunSummary {
  done: number;
  failed: number;
}

/**
 * Runs `work` for every item, one at a time; a failing item is logged with the job name and the
 * item's id and never stops the rest (a scheduled loop over pilots must not die on one bad pilot).
 */
export async function forEachItem<T>(
  job: string,
  items: Iterable<T> | AsyncIterable<T>,
  idOf: (item: T) => string,
  work: (item: T) => Promise<void>,
  logger: Logger,
): Promise<ItemRunSummary> {
  const summary: ItemRunSummary = { done: 0, failed: 0 };
  for await (const item of items) {
    try {
      await work(item);
      summary.done++;
    } catch (err) {
      summary.failed++;
      logger.error({ err, job, item: idOf(item) }, `${job}: item failed; continuing with the rest`);
    }
  }
  return summary;
}

/**
 * One job run's check of which workspaces PilotGate is installed in: each workspace is asked once per
 * run, and a workspace without an installation is logged once and skipped, so a job never messages
 * (or borrows a token for) a workspace that removed the app. Make one per run: a reinstall counts next run.
 */
export function installedWorkspaces(
  job: string,
  isInstalled: (teamId: string) => Promise<boolean>,
  logger: Logger,
): (teamId: string) => Promise<boolean> {
  const known = new Map<string, Promise<boolean>>();
  return (teamId) => {
    let answer = known.get(teamId);
    if (!answer) {
      answer = isInstalled(teamId).then((installed) => {
        if (!installed) logger.info({ job, teamId }, `${job}: workspace has no installation; skipped this run`);
        return installed;
      });
      known.set(teamId, answer);
    }
    return answer;
  };
}
