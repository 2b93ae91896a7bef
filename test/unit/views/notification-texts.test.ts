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
  'roleHolderLines',
  'rolePickerModal',
  'noticeModal',
  'questionnairePageModal',
  'questionnaireModal',
  'questionInput',
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
]);

/**
 * Messages whose text is still longer today, each in a file another change rewrites (the decision,
 * purgatory and digest messages) or whose tests read the long wording. The test below fails once one
 * fits, so the list only shrinks.
 */
const OVER_LIMIT_TODAY = new Set([
  'decisionMessage',
  'digestMessage',
  'planReminder',
  'noRoleMessage',
  'disagreementThread',
  'review90Invite',
  'review90Posted',
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

  it.each(Object.keys(SAMPLES).filter((n) => !OVER_LIMIT_TODAY.has(n)))(
    '%s: text ≤ 150 characters and within Slack’s limits',
    (name) => {
      const msg = SAMPLES[name]!();
      expect(msg.text.length, msg.text).toBeLessThanOrEqual(NOTIFICATION_MAX);
      expect(checkMessage(msg).map(formatViolation)).toEqual([]);
    },
  );

  it('the messages still over 150 characters are exactly the listed ones (fix one, drop it from the list)', () => {
    const over = Object.keys(SAMPLES).filter((n) => SAMPLES[n]!().text.length > NOTIFICATION_MAX);
    expect(new Set(over)).toEqual(OVER_LIMIT_TODAY);
    for (const n of OVER_LIMIT_TODAY) expect(checkMessage(SAMPLES[n]!()).map(formatViolation)).toEqual([]);
  });

  it('wording (a change here is a visible diff)', () => {
    expect(Object.fromEntries(Object.entries(SAMPLES).map(([k, f]) => [k, f().text]))).toMatchInlineSnapshot(`
      {
        "channelIntro": "Hi! I run AI pilot-to-production gate reviews. Register a pilot here with /gate start [pilot name]; /gate help lists every command.",
        "decisionMessage": "Decision for Invoice triage assistant for accounts payable xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx: Continue in pre-production with a gap-closure plan, recorded by the sponsor.",
        "deletedCardMessage": "Invoice triage assistant for accounts payable xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx was deleted from PilotGate by a gate admin",
        "digestMessage": "Your weekly PilotGate digest: 1 open pilot. Invoice triage assistant for accounts payable xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx (In review, purgatory, ready for your decision). Portfolio: 5 pilots, 1 in production (20% conversion), 1 in purgatory.",
        "disagreementThread": "Assessors disagree on KPIs validated on representative data for Invoice triage assistant for accounts payable xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx: <@U0OPS> (Operational lead) said confirmed and <@U0SPONSOR> (Executive sponsor) said failed. Please reconcile in this thread and update your answers.",
        "escalationMessage": "The gate review of Invoice triage assistant for accounts payable… is still waiting on 1 stakeholder after repeated reminders.",
        "gateStatusReply": "1 of 5 answered — waiting on Ops, Tech, Gov, Change · Invoice triage assistant for accounts payable…",
        "installerWelcome": "PilotGate is installed. Invite it to a channel and run /gate start [pilot name] to open the first gate review.",
        "missingOwnerMessage": "The gate review of Invoice triage assistant for accounts payable… is missing an owner: 1 gap to fix.",
        "monitoringTaskMessage": "Set the monitoring plan for Invoice triage assistant for accounts payable xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx by 2026-12-10: it is going to production.",
        "noRoleMessage": "You hold no role in the gate review of Invoice triage assistant for accounts payable xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx, so there is nothing for you to answer. Who holds which role: Executive sponsor: <@U0SPONSOR>; Operational lead: <@U0OPS>; Technology lead: <@U0TECH>; Governance lead: <@U0GOV>; Change lead: <@U0CHANGE>.",
        "notice": "Your answers are saved.",
        "nudgeMessage": "Reminder: the gate review of Invoice triage assistant for accounts payable… is waiting for your answers as Tech, Gov (since Nov 20).",
        "ownerItemsMessage": "You own 2 open gap-closure items for Invoice triage assistant for accounts payable xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.",
        "pilotListMessage": "1 pilot in this workspace: Invoice triage assistant (In review)",
        "planReminder": "Your gap-closure plan item for Invoice triage assistant for accounts payable xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx is overdue by 3 days (due 2026-12-10): Run the bias audit on the production sample and file the report with the risk office",
        "purgatoryAlert": "Invoice triage assistant for accounts payable xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx — In pilot purgatory: answers are missing.",
        "purgatorySponsorDm": "Your decision is needed: Invoice triage assistant for accounts payable xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx is in pilot purgatory.",
        "review90Invite": "Invoice triage assistant for accounts payable xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx has been in production since 2026-08-25: time for its 90-day review (you are the Executive sponsor). Were the KPI projections realised, were the signals assessed right, what should change before the next use case?",
        "review90Posted": "90-day review of Invoice triage assistant for accounts payable xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx by <@U0SPONSOR>: 0/1 KPI projections realised · 5/5 signal assessments held up. The pilot is now marked as 90-day reviewed. Lessons: Train the second shift earlier",
        "reviewCard": "1 of 5 answered — waiting on Ops, Tech, Gov, Change · Invoice triage assistant for accounts payable…",
        "reviewCard (all in)": "Ready for the sponsor's decision: ready to scale · Invoice triage assistant for accounts payable…",
        "reviewCard (decided)": "Decided: Continue in pre-production with a gap-closure plan · Invoice triage assistant for accounts payable…",
        "reviewCard (in production, 90-day review due)": "90-day review due · Invoice triage assistant for accounts payable…",
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
