/**
 * Every message PilotGate sends, rendered from sample data by the real view functions: its
 * notification text (the only thing a phone shows) stays ≤ 150 characters, and the snapshot below makes
 * any wording change a visible diff. A new message builder in a `*.views.ts` gets its sample in
 * test/support/surface-samples.ts (which `npm run preview` writes out too).
 */
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkMessage, formatViolation } from '../../support/block-kit-checker.js';
import { MESSAGE_SAMPLES as SAMPLES, TEXT_SAMPLES } from '../../support/surface-samples.js';

const NOTIFICATION_MAX = 150;

/** Exports of views files that are not messages (modals, Home, pieces of text). */
const NOT_MESSAGES = new Set([
  'decisionModal',
  'refusalText',
  'alreadyDecidedText',
  'pilotSection',
  'portfolioLines',
  'itemText',
  'planModal',
  'markDoneText',
  'homeView',
  'countsLine',
  'confirmDeleteModal',
  'resultModal',
  'snoozeUntilModal',
  'registrationModal',
  'roleInputs',
  'exceptionField',
  'roleChangeModal',
  'rolesRefusalText',
  'rolesNoticeModal',
  'roleHolderLines',
  'rolePickerModal',
  'noticeModal',
  'questionnairePageModal',
  'questionnaireModal',
  'questionInput',
  'evidenceBlocks',
  'withAnotherLinkRow',
  'decisionRecordModal',
  'signalLines',
  'signalGrid',
  'reviewDetailsModal',
  'review90Modal',
  'settingsModal',
  'settingsSavedModal',
  'decisionDetailsModal',
  'decisionRecordComment',
  'listChartComment',
  'evidenceLink',
  'evidenceLines',
]);

const FEATURES = join(import.meta.dirname, '../../../src/features');
const viewFiles = (readdirSync(FEATURES, { recursive: true }) as string[]).filter((f) => f.endsWith('.views.ts'));

describe('notification texts', () => {
  it('every message builder in src/features/**/*.views.ts has a sample here', async () => {
    const missing: string[] = [];
    for (const file of viewFiles) {
      const mod = (await import(join(FEATURES, file))) as Record<string, unknown>;
      for (const [name, value] of Object.entries(mod)) {
        if (typeof value === 'function' && !(name in SAMPLES) && !NOT_MESSAGES.has(name)) {
          missing.push(`${relative(FEATURES, join(FEATURES, file))}: ${name}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it.each(Object.keys(SAMPLES))('%s: text ≤ 150 characters and within Slack’s limits', (name) => {
    const msg = SAMPLES[name]!();
    expect(msg.text.length, msg.text).toBeLessThanOrEqual(NOTIFICATION_MAX);
    expect(checkMessage(msg).map(formatViolation)).toEqual([]);
  });

  it('wording (a change here is a visible diff)', () => {
    expect(Object.fromEntries(Object.entries(SAMPLES).map(([k, f]) => [k, f().text]))).toMatchInlineSnapshot(`
      {
        "channelIntro": "Hi! I run AI pilot-to-production gate reviews. Register a pilot here with /gate start [pilot name]; /gate help lists every command.",
        "decisionMessage": "Decision for Invoice triage assistant for accounts payable…: Continue in pre-production with a gap-closure plan, recorded by <@U0SPONSOR>.",
        "deletedCardMessage": "Invoice triage assistant for accounts payable xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx was deleted from PilotGate by a gate admin",
        "digestMessage": "Your weekly PilotGate digest: 1 open pilot — 1 to decide, 1 in pilot purgatory. Most urgent: Invoice triage assistant for accounts payable….",
        "disagreementThread": "Assessors disagree on KPIs: <@U0OPS> (Ops) confirmed, <@U0SPONSOR> (Sponsor) failed. Reconcile in this thread.",
        "escalationMessage": "The gate review of Invoice triage assistant for accounts payable… is still waiting on 1 stakeholder after repeated reminders.",
        "gateStatusReply": "1 of 5 answered — waiting on Ops, Tech, Gov, Change · Invoice triage assistant for accounts payable…",
        "installerWelcome": "PilotGate is installed. Invite it to a channel and run /gate start [pilot name] to open the first gate review.",
        "missingOwnerMessage": "The gate review of Invoice triage assistant for accounts payable… is missing an owner: 1 gap to fix.",
        "monitoringTaskMessage": "Set the monitoring plan for Invoice triage assistant for accounts payable xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx by 2026-12-10: it is going to production.",
        "noRoleMessage": "You hold no role in the gate review of Invoice triage assistant for accounts payable…, so there is nothing for you to answer.",
        "notice": "Your answers are saved.",
        "nudgeMessage": "Reminder: the gate review of Invoice triage assistant for accounts payable… is waiting for your answers as Tech, Gov (since Nov 20).",
        "ownerItemsMessage": "You own 2 open gap-closure items for Invoice triage assistant for accounts payable xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.",
        "pilotListMessage": "1 pilot in this workspace: Invoice triage assistant (In review)",
        "planReminder": "Overdue by 3 days: your gap-closure item for Invoice triage assistant for accounts payable… (due 2026-12-10): Run the bias audit on the production…",
        "purgatoryAlert": "Invoice triage assistant for accounts payable xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx — In pilot purgatory: answers are missing.",
        "purgatorySponsorDm": "Your decision is needed: Invoice triage assistant for accounts payable xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx is in pilot purgatory.",
        "reconfirmDone": "Re-confirmed: your answers as Ops on Invoice triage assistant for accounts payable… count again",
        "reconfirmNotNeeded": "Nothing to re-confirm: your answers as Ops on Invoice triage assistant for accounts payable… are current",
        "reconfirmRequest": "Re-confirm your answers as Ops: the sponsor is deciding on Invoice triage assistant for accounts payable… and they are over 90 days old",
        "review90Invite": "Time for the 90-day review of Invoice triage assistant for accounts payable…: in production since 2026-08-25, you answer as Sponsor.",
        "review90Posted": "90-day review of Invoice triage assistant for accounts payable… by <@U0SPONSOR>: 0 of 1 KPI realised, 5 of 5 signals held up.",
        "reviewCard": "1 of 5 answered — waiting on Ops, Tech, Gov, Change · Invoice triage assistant for accounts payable…",
        "reviewCard (all in)": "Ready for the sponsor's decision: ready to scale · Invoice triage assistant for accounts payable…",
        "reviewCard (decided)": "Decided: Continue in pre-production with a gap-closure plan · Invoice triage assistant for accounts payable…",
        "reviewCard (in production, 90-day review due)": "90-day review due · Invoice triage assistant for accounts payable…",
        "reviewCard (stale confirmations)": "Re-confirmation asked of Sponsor, Ops, Gov, Change, Tech before the decision · Invoice triage assistant for accounts payable…",
        "roleRemovedMessage": "<@U0SPONSOR> moved your roles as Ops, Change to someone else · Invoice triage assistant for accounts payable…",
        "stakeholderInvite": "Answer your gate review questions by 2026-12-02 as Sponsor, Ops, Tech, Gov, Change · Invoice triage assistant for accounts payable…",
        "stakeholderInvite (re-review)": "Re-review of Governance: answer again by 2026-12-02 as Gov · Invoice triage assistant for accounts payable…",
      }
    `);
  });

  it('wording of the texts shown without blocks (a change here is a visible diff)', () => {
    expect(Object.fromEntries(Object.entries(TEXT_SAMPLES).map(([k, f]) => [k, f()]))).toMatchInlineSnapshot(`
      {
        "decisionRecordComment": "Decision record of Invoice triage assistant for accounts payable xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx (SHA-256 ffffffffffff…, in the audit trail).",
        "listChartComment": "Portfolio chart of the 3 pilots in your \`/gate list\`: pilots per stage, and days in stage against the at risk and pilot purgatory thresholds.",
        "workflow step: gate status outputs": "{
        "outcome": "Ready to scale: proceed to production",
        "stage": "In review",
        "kpi_validation": "Confirmed — Confirmed",
        "data_infrastructure": "Confirmed — Confirmed",
        "governance": "Confirmed — Confirmed",
        "user_adoption": "Confirmed — Confirmed",
        "operational_ownership": "Confirmed — Confirmed"
      }",
        "workflow step: registration errors": "pilot_name: Give the pilot a name. kpis: Name at least one KPI.",
      }
    `);
  });
});
