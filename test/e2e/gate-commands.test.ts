import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { SettingsField, settingsUnitBlock } from '../../src/features/settings/settings-form.domain.js';
import { eventually, type Harness, useApp } from '../support/app-harness.js';
import { CHANNEL, registerPilot, STAKEHOLDERS } from '../support/flows/register.js';
import {
  numberValue,
  type StateValues,
  selectedOption,
  selectedTime,
  selectedUsers,
} from '../support/signed-client.js';

const ADMIN = 'U0GATEADMIN';
const h = useApp({ now: new Date('2026-11-25T12:00:00Z'), env: { GATE_ADMINS: ADMIN } });

/** The body the app sent to the command's response_url (ephemeral results after the ack). */
async function responseTo(h: Harness, responseUrl: string | undefined): Promise<{ text: string; blocks?: unknown[] }> {
  const found = await eventually(() => h.sim.responses.find((r) => r.url === responseUrl));
  return found.body as { text: string; blocks?: unknown[] };
}

async function gate(text: string, userId: string = STAKEHOLDERS.executive_sponsor, channelId = CHANNEL) {
  const ack = await h.slack.command({ text, userId, channelId });
  expect(ack.status).toBe(200);
  return ack;
}

describe('/gate status, list, remind, export, settings, help', () => {
  it('status finds the pilot by name in any case and shows the card only to the caller', async () => {
    expect((await registerPilot(h, { name: 'Invoice triage assistant' })).status).toBe(200);
    await eventually(() => h.sim.lastMessageIn(CHANNEL));
    const ack = await gate('status INVOICE triage ASSISTANT', 'U0SOMEONE', 'C0ELSEWHERE');
    const body = await responseTo(h, ack.responseUrl);
    expect(body).toMatchObject({ response_type: 'ephemeral' });
    expect(body.text).toBe('Gate review opened — 0 of 5 answered · Invoice triage assistant');
    expect(JSON.stringify(body.blocks)).toContain('Only you can see this');
    expect(h.sim.violations).toEqual([]);
  });

  it('status with a near miss says “did you mean”, and without a name uses the channel’s pilot', async () => {
    const miss = await gate('status Invoice triag asistant');
    expect((await responseTo(h, miss.responseUrl)).text).toBe(
      'No pilot named “Invoice triag asistant” in this workspace. Did you mean *Invoice triage assistant*? Try `/gate status Invoice triage assistant`.',
    );
    const here = await gate('status');
    expect((await responseTo(h, here.responseUrl)).text).toMatch(/· Invoice triage assistant$/);
    const elsewhere = await gate('status', STAKEHOLDERS.executive_sponsor, 'C0EMPTY');
    expect((await responseTo(h, elsewhere.responseUrl)).text).toBe(
      'No pilot lives in this channel. Name one: `/gate status [pilot name]`, or see `/gate list`.',
    );
  });

  it('list shows every pilot with stage and signal grid', async () => {
    const ack = await gate('list', 'U0SOMEONE');
    const body = await responseTo(h, ack.responseUrl);
    expect(body.text).toBe('1 pilot in this workspace: Invoice triage assistant (In review)');
    expect(JSON.stringify(body.blocks)).toContain('⚪⚪⚪⚪⚪  *Invoice triage assistant* · In review · <#C0PILOTS>');
    // The chart follows in the caller's DM (test/e2e/gate-list-chart.test.ts); wait for it so it lands here.
    await eventually(() => h.sim.uploadedFiles.find((f) => f.filename === 'pilotgate-portfolio.png'));
    const bad = await gate('list Invoice');
    expect((bad.json as { text: string }).text).toMatch(/^`\/gate list` takes no pilot name/);
    expect(h.sim.violations).toEqual([]);
  });

  it('remind DMs everyone who owes answers, once a minute, and only for stakeholders or admins', async () => {
    const ack = await gate('remind invoice triage assistant');
    const body = await responseTo(h, ack.responseUrl);
    expect(body.text).toBe(
      'Sent 5 reminders for *Invoice triage assistant*. Still owing answers: <@U0SPONSOR>, <@U0OPSLEAD>, <@U0TECHLEAD>, <@U0GOVLEAD>, <@U0CHANGE>.',
    );
    for (const user of Object.values(STAKEHOLDERS)) {
      expect(h.sim.dmsTo(user).at(-1)?.text).toMatch(
        /^Reminder: the gate review of Invoice triage assistant is waiting for your answers/,
      );
    }
    const again = await gate('remind invoice triage assistant');
    expect((await responseTo(h, again.responseUrl)).text).toMatch(
      /was reminded less than a minute ago; nothing more was sent\.$/,
    );
    expect(h.sim.dmsTo(STAKEHOLDERS.change_lead)).toHaveLength(1);
    const outsider = await gate('remind invoice triage assistant', 'U0OUTSIDER');
    expect((await responseTo(h, outsider.responseUrl)).text).toMatch(
      /^Only the stakeholders of \*Invoice triage assistant\* or a gate admin/,
    );
    expect(h.sim.violations).toEqual([]);
  });

  it('export uploads the audit trail as CSV and JSON, the crosswalk and the evidence to the caller’s DM with the chain verified', async () => {
    // The operational lead's evidence, as a save of their questionnaire stores it beside the answers.
    const reviewId = String(
      (await mongoose.connection.collection('reviews').findOne({ teamId: h.sim.team.id }, { sort: { _id: 1 } }))?._id,
    );
    const report = { kind: 'link', title: 'Q1 KPI report', url: 'https://bi.example.com/kpi/42' };
    const evidence = { teamId: h.sim.team.id, reviewId, round: 1, role: 'operational_lead' };
    await mongoose.connection.collection('answers').insertOne({
      ...evidence,
      userId: STAKEHOLDERS.operational_lead,
      answers: { '@evidence:kpi_validation': [report] },
      submittedAt: new Date('2026-11-25T11:00:00Z'),
    });
    const ack = await gate('export Invoice triage assistant', STAKEHOLDERS.operational_lead);
    expect(ack.json).toEqual({ response_type: 'ephemeral', text: 'Preparing the audit trail…' });
    // The reply follows the upload: the evidence can go, and the later tests see the review as it was.
    const body = await responseTo(h, ack.responseUrl).finally(() =>
      mongoose.connection.collection('answers').deleteOne(evidence),
    );
    expect(body.text).toBe(
      'Sent the audit trail of *Invoice triage assistant* to your DM. 7 events. Hash chain verified: all 7 events intact. Head #7 matches the last event. HMAC verified with the server key.',
    );
    const files = h.sim.uploadedFiles;
    expect(files.map((f) => f.filename)).toEqual([
      'pilotgate-audit-invoice-triage-assistant-2026-11-25.csv',
      'pilotgate-audit-invoice-triage-assistant-2026-11-25.json',
      'pilotgate-crosswalk-invoice-triage-assistant-2026-11-25.csv',
      'pilotgate-evidence-invoice-triage-assistant-2026-11-25.csv',
    ]);
    const crosswalk = files[2]?.text.trimEnd().split('\n') ?? [];
    expect(crosswalk[0]).toBe(
      'framework,control,control_title,role,question_id,question,answer,signal,signal_status,evidence',
    );
    expect(crosswalk.some((l) => l.startsWith('EU AI Act (Regulation (EU) 2024/1689),Art. 12,Record-keeping,'))).toBe(
      true,
    );
    expect(crosswalk.length).toBeGreaterThan(40);
    expect(
      crosswalk.some((l) => l.endsWith(',pending,Q1 KPI report (Operational lead): https://bi.example.com/kpi/42')),
    ).toBe(true);
    expect(files[3]?.text.trimEnd().split('\n')).toEqual([
      'signal,status,role,kind,title,url,file_id',
      'KPIs validated on representative data,pending,Operational lead,link,Q1 KPI report,https://bi.example.com/kpi/42,',
    ]);
    expect(files[0]?.channelId).toBe(h.sim.dmChannelId([STAKEHOLDERS.operational_lead]));
    expect(files[0]?.text.split('\n')[0]).toBe('seq,at,actor,type,subject,before,after,prevHash,hash');
    expect(files[0]?.text.split('\n').filter(Boolean)).toHaveLength(8);
    const json = JSON.parse(files[1]?.text ?? '{}');
    expect(json.chain).toEqual({ ok: true, count: 7, head: { seq: 7, hash: json.events[6].hash }, hmac: 'verified' });
    expect(json.events[6].hmac).toMatch(/^[0-9a-f]{64}$/);
    expect(json.events.map((e: { type: string }) => e.type)[0]).toBe('pilot.registered');
  });

  it('export says so when the trail lost its tail or an event is not signed with the server key', async () => {
    const reviewId = String(
      (await mongoose.connection.collection('reviews').findOne({ teamId: h.sim.team.id }, { sort: { _id: 1 } }))?._id,
    );
    const last = await mongoose.connection
      .collection('audit_events')
      .findOneAndDelete({ reviewId }, { sort: { seq: -1 } });
    try {
      const ack = await gate('export Invoice triage assistant', STAKEHOLDERS.operational_lead);
      expect((await responseTo(h, ack.responseUrl)).text).toContain(
        `Hash chain BROKEN at event #${last?.seq} of ${Number(last?.seq) - 1}: the head records event #${last?.seq} but the trail ends at #${Number(last?.seq) - 1}. HMAC verified with the server key.`,
      );
      await mongoose.connection
        .collection('audit_events')
        .updateOne({ reviewId, seq: 1 }, { $set: { hmac: 'f'.repeat(64) } });
      const again = await gate('export Invoice triage assistant', STAKEHOLDERS.operational_lead);
      expect((await responseTo(h, again.responseUrl)).text).toContain(
        "event #1 is not signed with this server's audit key. HMAC FAILED",
      );
    } finally {
      if (last) await mongoose.connection.collection('audit_events').insertOne(last);
    }
  });

  it('export refuses someone who is neither a stakeholder nor a gate admin', async () => {
    const ack = await gate('export Invoice triage assistant', 'U0OUTSIDER');
    expect((await responseTo(h, ack.responseUrl)).text).toBe(
      'Only the stakeholders of *Invoice triage assistant* or a gate admin can export its audit trail.',
    );
    expect(h.sim.uploadedFiles).toEqual([]);
  });

  it('settings: a non-admin learns who can change them; an admin gets the modal', async () => {
    const refused = await gate('settings', 'U0SOMEONE');
    expect((refused.json as { text: string }).text).toMatch(
      /^Only gate admins can change PilotGate settings: <@U0GATEADMIN>\. /,
    );
    expect(h.sim.callsTo('views.open')).toEqual([]);
    await gate('settings', ADMIN);
    const [open] = await eventually(() => (h.sim.callsTo('views.open').length ? h.sim.callsTo('views.open') : null));
    const view = open?.args.view as {
      callback_id: string;
      blocks: {
        block_id?: string;
        element?: { initial_value?: string; initial_time?: string; initial_option?: { value: string } };
      }[];
    };
    expect(view.callback_id).toBe('settings.workspace.submit');
    const initial = (id: string) => {
      const el = view.blocks.find((b) => b.block_id === id)?.element;
      return el?.initial_value ?? el?.initial_time ?? el?.initial_option?.value;
    };
    expect([
      `${initial(SettingsField.nudgeFirstAfterMs)} ${initial(settingsUnitBlock(SettingsField.nudgeFirstAfterMs))}`,
      `${initial(SettingsField.digestDay)} ${initial(SettingsField.digestTime)}`,
      `${initial(SettingsField.quietStart)}-${initial(SettingsField.quietEnd)}`,
    ]).toEqual(['2 days', '1 09:00', '18:00-09:00']);
    expect(h.sim.violations).toEqual([]);
  });

  it('settings: bad values get inline errors and save nothing; good values are saved as overrides', async () => {
    // The form as Slack sends it: number inputs, unit and day selects, timepickers; `over` replaces one block's value.
    const values = (over: Record<string, StateValues[string]['v']>): StateValues => {
      const duration = (id: string, amount: string, unit: string): [string, StateValues[string]['v']][] => [
        [id, numberValue(amount)],
        [settingsUnitBlock(id), selectedOption(unit)],
      ];
      const fields: Record<string, StateValues[string]['v']> = Object.fromEntries([
        ...duration(SettingsField.nudgeFirstAfterMs, '2', 'days'),
        ...duration(SettingsField.nudgeEveryMs, '1', 'days'),
        [SettingsField.escalateAfterNudges, numberValue('3')],
        ...duration(SettingsField.staleAfterMs, '2', 'weeks'),
        ...duration(SettingsField.purgatoryWarnAfterMs, '90', 'days'),
        ...duration(SettingsField.purgatoryAfterMs, '180', 'days'),
        ...duration(SettingsField.review90dAfterMs, '90', 'days'),
        ...duration(SettingsField.confirmationValidForMs, '90', 'days'),
        [SettingsField.digestDay, selectedOption('1')],
        [SettingsField.digestTime, selectedTime('09:00')],
        [SettingsField.quietStart, selectedTime('18:00')],
        [SettingsField.quietEnd, selectedTime('09:00')],
      ]);
      const state: StateValues = Object.fromEntries(
        Object.entries({ ...fields, ...over }).map(([id, v]) => [id, { v }]),
      );
      state[SettingsField.gateAdmins] = { v: selectedUsers(['U0NEWADMIN']) };
      return state;
    };
    const submit = (over: Record<string, StateValues[string]['v']>, userId = ADMIN) =>
      h.slack.viewSubmission({
        userId,
        view: { callback_id: 'settings.workspace.submit', state: { values: values(over) } },
      });
    const bad = await submit({
      [SettingsField.nudgeEveryMs]: numberValue('1.5'),
      [SettingsField.digestTime]: selectedTime(null),
      [SettingsField.quietEnd]: selectedTime(null),
      [SettingsField.purgatoryAfterMs]: numberValue('30'),
    });
    expect(bad.json).toEqual({
      response_action: 'errors',
      errors: {
        [SettingsField.nudgeEveryMs]: 'Write a whole number, such as 2, then pick minutes, hours, days or weeks',
        [SettingsField.purgatoryAfterMs]: 'Must be longer than “at risk after”',
        [SettingsField.digestTime]: 'Pick the time of the digest too, or clear its day to keep the schedule',
        [SettingsField.quietEnd]: 'Pick when quiet hours end too, or clear both to turn quiet hours off',
      },
    });
    expect(await mongoose.connection.collection('workspace_settings').countDocuments()).toBe(0);
    const good = await submit({
      [SettingsField.nudgeFirstAfterMs]: numberValue('30'),
      [settingsUnitBlock(SettingsField.nudgeFirstAfterMs)]: selectedOption('minutes'),
      [SettingsField.quietStart]: selectedTime(null),
      [SettingsField.quietEnd]: selectedTime(null),
    });
    expect(good.json).toMatchObject({ response_action: 'update' });
    const saved = await mongoose.connection.collection('workspace_settings').findOne({ teamId: 'T0SIM0001' });
    expect(saved).toMatchObject({
      overrides: { nudgeFirstAfterMs: 1_800_000, quietHours: null },
      gateAdmins: ['U0NEWADMIN'],
      updatedBy: ADMIN,
    });
    const cadence = await h.server.deps.cadenceFor('T0SIM0001');
    expect([cadence.nudgeFirstAfterMs, cadence.nudgeEveryMs, cadence.quietHours]).toEqual([
      1_800_000,
      86_400_000,
      null,
    ]);
    expect(await h.server.deps.isGateAdmin('T0SIM0001', 'U0NEWADMIN')).toBe(true);

    // Both changes are events in the workspace's own chain; saving the same values again records nothing.
    const { events, verdict } = await h.server.deps.repos.audit.workspaceTrail('T0SIM0001');
    expect(events.map((e) => [e.type, e.actor, e.before, e.after])).toEqual([
      ['settings.changed', ADMIN, {}, { nudgeFirstAfterMs: 1_800_000, quietHours: null }],
      ['admins.changed', ADMIN, [], ['U0NEWADMIN']],
    ]);
    expect(verdict).toMatchObject({ ok: true, count: 2, head: { seq: 2 }, hmac: 'verified' });
    await submit({
      [SettingsField.nudgeFirstAfterMs]: numberValue('30'),
      [settingsUnitBlock(SettingsField.nudgeFirstAfterMs)]: selectedOption('minutes'),
      [SettingsField.quietStart]: selectedTime(null),
      [SettingsField.quietEnd]: selectedTime(null),
    });
    expect((await h.server.deps.repos.audit.workspaceTrail('T0SIM0001')).events).toHaveLength(2);
  });

  it('help lists every command with examples', async () => {
    const ack = await gate('help');
    const text = (ack.json as { text: string }).text;
    for (const sub of ['start', 'status', 'list', 'decide', 'roles', 'remind', 'export', 'settings'])
      expect(text).toContain(`/gate ${sub}`);
    expect(text).toContain('Example');
  });
});
