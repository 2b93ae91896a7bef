import type { ModalView, PlainTextOption } from '@slack/types';
import type { Cadence } from '../../config/settings.js';
import { count, plural, TERMS } from '../../core/glossary.domain.js';
import { formatQuietHours } from '../../core/quiet-hours.domain.js';
import { context, input, mention, plain, section } from '../../slack/blocks.js';
import { Ids } from '../../slack/ids.js';
import { DIGEST_DAYS, describeSchedule, scheduleFromCron } from './digest-schedule.domain.js';
import { describeDuration, unitsFor } from './duration-choice.domain.js';
import { type DurationField, type SettingsDraft, SettingsField, settingsUnitBlock } from './settings-form.domain.js';
import { SEPARATION_CHOICES, type SeparationOfDuties } from './workspace-settings.domain.js';

const DURATIONS: { field: DurationField; label: string; hint: string }[] = [
  {
    field: 'nudgeFirstAfterMs',
    label: `First ${TERMS.reminder.one} after`,
    hint: `From the review opening to the first ${TERMS.reminder.one} to someone who has not answered.`,
  },
  { field: 'nudgeEveryMs', label: 'Then remind every', hint: `Between ${TERMS.reminder.many} to the same person.` },
  { field: 'staleAfterMs', label: 'Stale after', hint: 'A review with no activity this long is flagged stale.' },
  {
    field: 'purgatoryWarnAfterMs',
    label: 'At risk after',
    hint: 'A promising pilot with no decision this long is at risk.',
  },
  { field: 'purgatoryAfterMs', label: `In ${TERMS.purgatory} after`, hint: 'Must be longer than “at risk after”.' },
  {
    field: 'review90dAfterMs',
    label: `${TERMS.review90} after`,
    hint: 'From the proceed decision.',
  },
  {
    field: 'confirmationValidForMs',
    label: 'Answers count for',
    hint: 'Older answers count as pending at the decision until their assessor re-confirms them.',
  },
];

const choice = (text: string, value: string): PlainTextOption => ({ text: plain(text, 75), value });

const SEPARATION_LABELS: Record<SeparationOfDuties, string> = {
  regulated: 'Regulated pilots only (default)',
  all: 'All pilots',
  off: 'Off',
};
const SEPARATION_OPTIONS = SEPARATION_CHOICES.map((value) => choice(SEPARATION_LABELS[value], value));

const numberInput = (initial: string, min: number, max?: number) => ({
  type: 'number_input' as const,
  action_id: Ids.input,
  is_decimal_allowed: false,
  min_value: String(min),
  ...(max !== undefined ? { max_value: String(max) } : {}),
  ...(initial ? { initial_value: initial } : {}),
});

const select = (options: PlainTextOption[], initial: string, placeholder: string) => ({
  type: 'static_select' as const,
  action_id: Ids.input,
  placeholder: plain(placeholder, 150),
  options,
  ...(options.some((o) => o.value === initial) ? { initial_option: options.find((o) => o.value === initial) } : {}),
});

const timepicker = (initial: string, placeholder: string) => ({
  type: 'timepicker' as const,
  action_id: Ids.input,
  placeholder: plain(placeholder, 150),
  ...(initial ? { initial_time: initial } : {}),
});

/** A duration as two inputs: the number, then its unit with the hint and the default in words under both. */
function durationInputs(draft: SettingsDraft, defaults: Cadence, f: (typeof DURATIONS)[number]) {
  const { amount, unit } = draft.durations[f.field];
  const units = unitsFor(unit === 'seconds' || defaults[f.field] % 60_000 !== 0).map((u) => choice(u.value, u.value));
  const blockId = SettingsField[f.field];
  return [
    input(blockId, f.label, numberInput(amount, 1)),
    input(settingsUnitBlock(blockId), 'Unit', select(units, unit, 'Pick a unit'), {
      hint: `${f.hint} Default: ${describeDuration(defaults[f.field])}.`,
    }),
  ];
}

function digestDefault(defaults: Cadence): string {
  const schedule = scheduleFromCron(defaults.digestCron);
  return schedule ? describeSchedule(schedule) : 'a custom schedule set by whoever runs PilotGate';
}

function quietDefault(defaults: Cadence): string {
  const [start, end] = formatQuietHours(defaults.quietHours).split('-');
  return defaults.quietHours ? `${start} to ${end}` : 'off';
}

/** The settings modal, filled with the values in force; errors come back keyed by these block ids. */
export function settingsModal(draft: SettingsDraft, defaults: Cadence, envAdmins: string[]): ModalView {
  const envNote =
    envAdmins.length > 0
      ? `Also gate admins in every workspace (set by whoever runs PilotGate): ${envAdmins.map(mention).join(', ')}.`
      : 'Nobody is a gate admin in every workspace; whoever runs PilotGate can name some.';
  const customDigest = !draft.digestDay && !draft.digestTime;
  const days = DIGEST_DAYS.map((d) => choice(d.label, d.value));
  return {
    type: 'modal',
    callback_id: Ids.settings.modal,
    title: plain('Workspace settings', 24),
    submit: plain('Save', 24),
    close: plain('Cancel', 24),
    blocks: [
      section(
        'Times are in each person’s own time zone. A setting left at its default follows the default if that changes.',
      ),
      ...DURATIONS.slice(0, 2).flatMap((f) => durationInputs(draft, defaults, f)),
      input(
        SettingsField.escalateAfterNudges,
        `Tell the sponsor after this many ${TERMS.reminder.many}`,
        numberInput(draft.escalateAfterNudges, 1, 50),
        { hint: `A whole number from 1 to 50. Default: ${count(defaults.escalateAfterNudges, TERMS.reminder)}.` },
      ),
      ...DURATIONS.slice(2).flatMap((f) => durationInputs(draft, defaults, f)),
      input(SettingsField.digestDay, 'Weekly digest: day', select(days, draft.digestDay, 'Pick a day'), {
        optional: true,
      }),
      input(SettingsField.digestTime, 'Weekly digest: time', timepicker(draft.digestTime, 'Pick a time'), {
        optional: true,
        hint: `${customDigest ? 'Now on a custom schedule; leave both empty to keep it. ' : ''}In each sponsor’s own time zone. Default: ${digestDefault(defaults)}.`,
      }),
      input(SettingsField.quietStart, 'Quiet hours: from', timepicker(draft.quietStart, 'Start'), { optional: true }),
      input(SettingsField.quietEnd, 'Quiet hours: until', timepicker(draft.quietEnd, 'End'), {
        optional: true,
        hint: `No ${TERMS.reminder.many} in these hours, in each person’s time zone. Clear both to turn them off. Default: ${quietDefault(defaults)}.`,
      }),
      input(
        SettingsField.separationOfDuties,
        'Separation of duties',
        select(SEPARATION_OPTIONS, draft.separationOfDuties, 'Pick where it applies'),
        {
          hint: 'The executive sponsor can’t also be the governance lead, and one person holds at most two roles. A gate admin can record an exception, with its reason, when registering a pilot.',
        },
      ),
      input(
        SettingsField.gateAdmins,
        'Gate admins of this workspace',
        {
          type: 'multi_users_select',
          action_id: Ids.input,
          ...(draft.gateAdmins.length > 0 ? { initial_users: draft.gateAdmins } : {}),
          placeholder: plain('Pick people', 150),
        },
        {
          optional: true,
          hint: 'Gate admins may decide for any pilot, export audit trails and change these settings.',
        },
      ),
      context(envNote),
    ],
  };
}

/** What replaces the modal after a save. */
export function settingsSavedModal(changed: number): ModalView {
  return {
    type: 'modal',
    callback_id: Ids.settings.savedModal,
    title: plain('Workspace settings', 24),
    close: plain('Done', 24),
    blocks: [
      section(
        changed === 0
          ? '✅ Saved. Every setting follows the defaults.'
          : `✅ Saved. ${plural(changed, 'setting')} ${changed === 1 ? 'differs' : 'differ'} from the defaults.`,
      ),
    ],
  };
}
