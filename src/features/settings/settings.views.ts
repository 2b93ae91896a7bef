import type { ModalView, PlainTextInput } from '@slack/types';
import { context, input, mention, plain, section } from '../../slack/blocks.js';
import { Ids } from '../../slack/ids.js';
import { type SettingsDraft, SettingsField } from './settings-form.domain.js';

const text = (value: string, placeholder: string): PlainTextInput => ({
  type: 'plain_text_input',
  action_id: Ids.input,
  initial_value: value,
  max_length: 60,
  placeholder: plain(placeholder, 150),
});

type TextField = Exclude<keyof typeof SettingsField, 'gateAdmins'>;

const FIELDS: { field: TextField; label: string; hint: string; placeholder: string; optional?: boolean }[] = [
  {
    field: 'nudgeFirstAfterMs',
    label: 'First nudge after',
    hint: 'From review open to the first nudge of someone who has not answered.',
    placeholder: '2d',
  },
  { field: 'nudgeEveryMs', label: 'Then nudge every', hint: 'Between nudges to the same person.', placeholder: '1d' },
  {
    field: 'escalateAfterNudges',
    label: 'Tell the sponsor after this many nudges',
    hint: 'A whole number from 1 to 50.',
    placeholder: '3',
  },
  {
    field: 'staleAfterMs',
    label: 'Stale after',
    hint: 'A review with no activity this long is flagged stale.',
    placeholder: '14d',
  },
  {
    field: 'purgatoryWarnAfterMs',
    label: 'At risk after',
    hint: 'A promising pilot with no decision this long is at risk.',
    placeholder: '90d',
  },
  {
    field: 'purgatoryAfterMs',
    label: 'In purgatory after',
    hint: 'Must be longer than “at risk after”.',
    placeholder: '180d',
  },
  {
    field: 'review90dAfterMs',
    label: 'Post-launch review after',
    hint: 'From the proceed decision to the 90-day review.',
    placeholder: '90d',
  },
  {
    field: 'digestCron',
    label: 'Weekly digest (cron)',
    hint: 'minute hour day-of-month month day-of-week, in each sponsor’s time zone. 0 9 * * 1 is Monday 09:00.',
    placeholder: '0 9 * * 1',
  },
  {
    field: 'quietHours',
    label: 'Quiet hours',
    hint: 'HH:MM-HH:MM in each recipient’s time zone; empty turns quiet hours off.',
    placeholder: '18:00-09:00',
    optional: true,
  },
];

/** The settings modal, filled with the values in force; errors come back keyed by these block ids. */
export function settingsModal(draft: SettingsDraft, envAdmins: string[]): ModalView {
  const envNote =
    envAdmins.length > 0
      ? `Also gate admins everywhere (GATE_ADMINS in the deployment’s environment): ${envAdmins.map(mention).join(', ')}.`
      : 'No deployment-wide gate admins (GATE_ADMINS is empty).';
  return {
    type: 'modal',
    callback_id: Ids.settings.modal,
    title: plain('Workspace settings', 24),
    submit: plain('Save', 24),
    close: plain('Cancel', 24),
    blocks: [
      section('Durations such as `30m`, `2d`, `1w`. Values left at the deployment default follow it if it changes.'),
      ...FIELDS.map((f) =>
        input(SettingsField[f.field], f.label, text(draft[f.field], f.placeholder), {
          hint: f.hint,
          ...(f.optional ? { optional: true } : {}),
        }),
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
          ? '✅ Saved. Every setting follows the deployment defaults.'
          : `✅ Saved. ${changed} setting${changed === 1 ? '' : 's'} differ from the deployment defaults.`,
      ),
    ],
  };
}
