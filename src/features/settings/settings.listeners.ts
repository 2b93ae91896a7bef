import type { App } from '@slack/bolt';
import { z } from 'zod';
import type { Deps } from '../../app/deps.js';
import { mention } from '../../slack/blocks.js';
import { Ids } from '../../slack/ids.js';
import type { GateCommandHandler } from '../../slack/listener-types.js';
import { explainError } from '../../slack/respond-error.js';
import { settingsModal, settingsSavedModal } from './settings.views.js';
import { settingsChanges } from './settings-audit.domain.js';
import { draftFromCadence, type SettingsDraft, SettingsField, validateSettings } from './settings-form.domain.js';

/** Who may change settings, in words, for someone who may not. */
async function whoCanChange(deps: Deps, teamId: string): Promise<string> {
  const workspace = (await deps.repos.workspaceSettings.get(teamId)).gateAdmins;
  const admins = [...new Set([...(await deps.envGateAdmins(teamId)), ...workspace])];
  const how =
    'Gate admins are the user ids in the deployment’s GATE_ADMINS setting plus anyone a gate admin adds here.';
  return admins.length > 0
    ? `Only gate admins can change PilotGate settings: ${admins.map(mention).join(', ')}. ${how}`
    : `Only gate admins can change PilotGate settings, and this workspace has none yet. ${how} Ask whoever runs PilotGate to add your Slack user id to GATE_ADMINS.`;
}

/** `/gate settings`: the settings modal for gate admins; everyone else learns who can change them. */
export const settingsCommand: GateCommandHandler = async ({ teamId, userId, triggerId, ack, client, deps }) => {
  if (!(await deps.isGateAdmin(teamId, userId))) {
    await ack({ response_type: 'ephemeral', text: await whoCanChange(deps, teamId) });
    return;
  }
  await ack();
  const [cadence, workspace] = await Promise.all([deps.cadenceFor(teamId), deps.repos.workspaceSettings.get(teamId)]);
  await client.views.open({
    trigger_id: triggerId,
    view: settingsModal(draftFromCadence(cadence, workspace.gateAdmins), await deps.envGateAdmins(teamId)),
  });
};

const Field = z.object({
  v: z.object({ value: z.string().nullish(), selected_users: z.array(z.string()).nullish() }).loose(),
});
const SettingsState = z.record(z.string(), Field);

function readDraft(values: z.infer<typeof SettingsState>): SettingsDraft {
  const textOf = (blockId: string) => values[blockId]?.v.value ?? '';
  return {
    nudgeFirstAfterMs: textOf(SettingsField.nudgeFirstAfterMs),
    nudgeEveryMs: textOf(SettingsField.nudgeEveryMs),
    escalateAfterNudges: textOf(SettingsField.escalateAfterNudges),
    staleAfterMs: textOf(SettingsField.staleAfterMs),
    purgatoryWarnAfterMs: textOf(SettingsField.purgatoryWarnAfterMs),
    purgatoryAfterMs: textOf(SettingsField.purgatoryAfterMs),
    review90dAfterMs: textOf(SettingsField.review90dAfterMs),
    digestCron: textOf(SettingsField.digestCron),
    quietHours: textOf(SettingsField.quietHours),
    gateAdmins: values[SettingsField.gateAdmins]?.v.selected_users ?? [],
  };
}

export function registerSettingsListeners(app: App, deps: Deps): void {
  app.view(Ids.settings.modal, async ({ ack, body, view }) => {
    const teamId = body.team?.id ?? body.user.team_id ?? '';
    const userId = body.user.id;
    const state = SettingsState.safeParse(view.state.values);
    const first = SettingsField.nudgeFirstAfterMs;
    if (!state.success) {
      await ack({
        response_action: 'errors',
        errors: { [first]: 'This form is out of date; close it and run /gate settings again' },
      });
      return;
    }
    if (!(await deps.isGateAdmin(teamId, userId))) {
      await ack({
        response_action: 'errors',
        errors: { [first]: 'You are no longer a gate admin, so nothing was saved' },
      });
      return;
    }
    const checked = validateSettings(
      readDraft(state.data),
      deps.settings.cadence,
      deps.settings.nodeEnv === 'test' ? 0 : undefined,
    );
    if (!checked.ok) {
      await ack({ response_action: 'errors', errors: checked.errors });
      return;
    }
    try {
      const now = deps.clock.now();
      const saved = await deps.repos.workspaceSettings.replace(
        teamId,
        checked.overrides,
        checked.gateAdmins,
        userId,
        now,
      );
      // Settings and admin changes go to the workspace's own audit chain.
      for (const change of settingsChanges(saved.before, saved.after)) {
        await deps.repos.audit.appendWorkspace({ teamId, at: now, actor: userId, ...change });
      }
    } catch (error) {
      await ack({
        response_action: 'errors',
        errors: { [first]: explainError(error, deps.logger, { teamId }).slice(0, 150) },
      });
      return;
    }
    deps.logger.info(
      { teamId, by: userId, overrides: checked.overrides, gateAdmins: checked.gateAdmins },
      'workspace settings changed',
    );
    await ack({ response_action: 'update', view: settingsSavedModal(Object.keys(checked.overrides).length) });
  });
}
