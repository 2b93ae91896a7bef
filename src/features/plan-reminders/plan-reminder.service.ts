import { installedWorkspaces } from '../../jobs/for-each-item.js';
import type { Logger } from '../../shared/logger.js';
import type { Notifier } from '../../slack/notifier.js';
import type { DeliveryStore } from '../delivery/delivery.port.js';
import type { PilotSweeps } from '../pilots/pilot.port.js';
import { UNDECIDED_STAGES } from '../purgatory/purgatory.domain.js';
import type { DueItem as DuePlanItem, PlanItemSweeps } from '../reviews/plan-item.port.js';
import { reminderFor, reminderKey, remindUntil } from './plan-reminder.domain.js';
import { planReminder } from './plan-reminder.views.js';

export interface PlanReminderDeps {
  notifier: Pick<Notifier, 'dm'>;
  logger: Logger;
  repos: {
    deliveries: Pick<DeliveryStore, 'once'>;
    pilots: Pick<PilotSweeps, 'namesAndStages'>;
    planItems: Pick<PlanItemSweeps, 'openDueBy'>;
  };
  /** Workspaces without an installation are skipped. */
  isInstalled(teamId: string): Promise<boolean>;
}

export interface ReminderRunSummary {
  sent: number;
  failed: number;
}

/** DMs each owner of a plan item due within two days or overdue, once per item per day. */
export class PlanReminderService {
  constructor(private readonly deps: PlanReminderDeps) {}

  async remind(now: Date): Promise<ReminderRunSummary> {
    // Days are UTC days: one reminder per item per UTC day, whatever the owner's zone.
    const today = now.toISOString().slice(0, 10);
    const items = await this.deps.repos.planItems.openDueBy(remindUntil(today));
    const byTeam = new Map<string, DuePlanItem[]>();
    for (const item of items) {
      const list = byTeam.get(item.teamId) ?? [];
      list.push(item);
      byTeam.set(item.teamId, list);
    }
    const summary: ReminderRunSummary = { sent: 0, failed: 0 };
    const installed = installedWorkspaces('plans.reminders', (t) => this.deps.isInstalled(t), this.deps.logger);
    for (const [teamId, teamItems] of byTeam) {
      if (!(await installed(teamId))) continue;
      const pilots = await this.deps.repos.pilots.namesAndStages(teamId, [...new Set(teamItems.map((i) => i.pilotId))]);
      for (const item of teamItems) {
        const pilot = pilots.get(item.pilotId);
        const reminder = reminderFor(item, today);
        // A pilot that moved on (production, paused, terminated) no longer needs its gap closed.
        if (!pilot || !reminder || !UNDECIDED_STAGES.includes(pilot.stage)) continue;
        try {
          const sent = await this.deps.repos.deliveries.once(reminderKey(item.id, today), teamId, now, () =>
            this.deps.notifier.dm(teamId, item.ownerId, planReminder(pilot.name, item, reminder)),
          );
          if (sent.status === 'sent') summary.sent++;
        } catch (err) {
          summary.failed++;
          this.deps.logger.warn({ err, teamId, itemId: item.id }, 'plan reminder not sent; the next run retries');
        }
      }
    }
    return summary;
  }
}
