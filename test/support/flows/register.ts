import { eventually, type Harness } from '../app-harness.js';
import { plainTextValue, radio, type StateValues, selectedDate, selectedUser } from '../signed-client.js';

export const STAKEHOLDERS = {
  executive_sponsor: 'U0SPONSOR',
  operational_lead: 'U0OPSLEAD',
  technology_lead: 'U0TECHLEAD',
  governance_lead: 'U0GOVLEAD',
  change_lead: 'U0CHANGE',
} as const;

export const CHANNEL = 'C0PILOTS';

export interface RegistrationValues {
  name?: string;
  date?: string;
  kpis?: string;
  kill?: string;
  scale?: string;
  regulated?: 'yes' | 'no' | null;
  stakeholders?: Partial<Record<keyof typeof STAKEHOLDERS, string | null>>;
  /** The channel `/gate start` runs in; CHANNEL unless given. */
  channelId?: string;
}

/** view.state.values for the registration modal, as Slack would send them. */
export function registrationState(v: RegistrationValues = {}) {
  const people = { ...STAKEHOLDERS, ...v.stakeholders };
  const values: StateValues = {
    'pilot.name': { v: plainTextValue(v.name ?? 'Invoice triage assistant') },
    'pilot.use_case': { v: plainTextValue('Routes supplier invoices to the right approver') },
    'pilot.business_unit': { v: plainTextValue('Accounts payable') },
    'pilot.kpi_date': { v: selectedDate(v.date ?? '2027-01-15') },
    'pilot.kill': { v: plainTextValue(v.kill ?? 'Accuracy below 90% after eight weeks') },
    'pilot.scale': { v: plainTextValue(v.scale ?? 'Cycle time under 1.5 days on production data') },
    'pilot.regulated': { v: radio(v.regulated === undefined ? 'no' : v.regulated) },
  };
  // KPIs as the modal's rows: each `Name | baseline | target` line is one row (a line without bars is all name).
  const lines = (v.kpis ?? 'Invoice cycle time | 4.2 days | 1 day\nTouchless rate | 20% | 60%').split('\n');
  for (const [i, line] of lines.entries()) {
    const [name = '', baseline = '', target = ''] = line.split('|').map((p) => p.trim());
    values[`pilot.kpi.${i}.name`] = { v: plainTextValue(name || null) };
    values[`pilot.kpi.${i}.baseline`] = { v: plainTextValue(baseline || null) };
    values[`pilot.kpi.${i}.target`] = { v: plainTextValue(target || null) };
    values[`pilot.kpi.${i}.unit`] = { v: plainTextValue(null) };
  }
  for (const [role, user] of Object.entries(people)) values[`pilot.role.${role}`] = { v: selectedUser(user ?? null) };
  return values;
}

/** Runs `/gate start` and submits the registration modal; returns the submission's ack. */
export async function registerPilot(h: Harness, v: RegistrationValues = {}, userId = 'U0SPONSOR') {
  const opened = h.sim.callsTo('views.open').length;
  const started = await h.slack.command({
    text: `start ${v.name ?? 'Invoice triage assistant'}`,
    userId,
    channelId: v.channelId ?? CHANNEL,
  });
  if (started.status !== 200) throw new Error(`/gate start failed: ${started.status} ${started.text}`);
  // The modal opens right after the ack; submit only once Slack (the simulator) has it.
  await eventually(() => h.sim.callsTo('views.open').length > opened);
  return h.slack.viewSubmission({
    userId,
    view: { callback_id: 'pilot.register.submit', state: { values: registrationState(v) } },
  });
}
