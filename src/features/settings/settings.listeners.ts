import type { App } from '@slack/bolt';
import { z } from 'zod';
import type { Logger } from '../../shared/logger.js';
import { Ids } from '../../slack/ids.js';
import type { GateCommandHandler } from '../../slack/listener-types.js';
import { onViewSubmission, submitterOf, type ViewArgs } from '../../slack/pipeline/view-submission.js';
import type { SettingsService } from './settings.service.js';
import { settingsModal, settingsSavedModal } from './settings.views.js';
import {
  DURATION_FIELDS,
  type SettingsDraft,
  SettingsField,
  type SettingsValidation,
  settingsUnitBlock,
} from './settings-form.domain.js';

/** What `/gate settings` and its modal use. */
export interface SettingsListenerDeps {
  settings: SettingsService;
  logger: Logger;
}

/** `/gate settings`: the settings modal for gate admins; everyone else learns who can change them. */
export const settingsCommand =
  (deps: SettingsListenerDeps): GateCommandHandler =>
  async ({ teamId, userId, triggerId, ack, client }) => {
    if (!(await deps.settings.isGateAdmin(teamId, userId))) {
      await ack({ response_type: 'ephemeral', text: await deps.settings.whoCanChange(teamId) });
      return;
    }
    await ack();
    const { draft, defaults, envAdmins } = await deps.settings.form(teamId);
    await client.views.open({ trigger_id: triggerId, view: settingsModal(draft, defaults, envAdmins) });
  };

// Number inputs send `value`, selects `selected_option`, timepickers `selected_time`, the admin picker `selected_users`.
const Field = z.object({
  [Ids.input]: z
    .object({
      value: z.string().nullish(),
      selected_option: z.object({ value: z.string() }).nullish(),
      selected_time: z.string().nullish(),
      selected_users: z.array(z.string()).nullish(),
    })
    .loose(),
});
const SettingsState = z.record(z.string(), Field);

function readDraft(values: z.infer<typeof SettingsState>): SettingsDraft {
  const of = (blockId: string) => values[blockId]?.[Ids.input];
  const durations = Object.fromEntries(
    DURATION_FIELDS.map((f) => [
      f,
      {
        amount: of(SettingsField[f])?.value ?? '',
        unit: of(settingsUnitBlock(SettingsField[f]))?.selected_option?.value ?? '',
      },
    ]),
  ) as SettingsDraft['durations'];
  return {
    durations,
    escalateAfterNudges: of(SettingsField.escalateAfterNudges)?.value ?? '',
    digestDay: of(SettingsField.digestDay)?.selected_option?.value ?? '',
    digestTime: of(SettingsField.digestTime)?.selected_time ?? '',
    quietStart: of(SettingsField.quietStart)?.selected_time ?? '',
    quietEnd: of(SettingsField.quietEnd)?.selected_time ?? '',
    gateAdmins: of(SettingsField.gateAdmins)?.selected_users ?? [],
    separationOfDuties: of(SettingsField.separationOfDuties)?.selected_option?.value ?? '',
  };
}

type CheckedSettings = { teamId: string; userId: string; checked: Extract<SettingsValidation, { ok: true }> };

export function registerSettingsListeners(app: App, deps: SettingsListenerDeps): void {
  const first = SettingsField.nudgeFirstAfterMs;
  const refuse = (errors: Record<string, string>) => ({
    ok: false as const,
    ack: { response_action: 'errors' as const, errors },
  });
  app.view(
    Ids.settings.modal,
    onViewSubmission(deps.logger, {
      flow: 'settings-save',
      async parse({ body, view }: ViewArgs) {
        const { teamId, userId } = submitterOf(body);
        const state = SettingsState.safeParse(view.state.values);
        if (!state.success)
          return refuse({ [first]: 'This form is out of date; close it and run /gate settings again' });
        if (!(await deps.settings.isGateAdmin(teamId, userId))) {
          return refuse({ [first]: 'You are no longer a gate admin, so nothing was saved' });
        }
        const checked = await deps.settings.check(teamId, readDraft(state.data));
        if (!checked.ok) return refuse(checked.errors);
        return { ok: true as const, input: { teamId, userId, checked } };
      },
      run: ({ teamId, userId, checked }: CheckedSettings) => deps.settings.save(teamId, userId, checked),
      render: (_saved: unknown, { checked }: CheckedSettings) => ({
        response_action: 'update' as const,
        view: settingsSavedModal(Object.keys(checked.overrides).length),
      }),
      errors: { block: first, shorten: (text: string) => text.slice(0, 150) },
    }),
  );
}
