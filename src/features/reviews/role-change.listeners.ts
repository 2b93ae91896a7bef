import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import { ObjectIdText } from '../../core/ids.js';
import { DomainError } from '../../shared/errors.js';
import type { Logger } from '../../shared/logger.js';
import { clip } from '../../slack/blocks.js';
import { Ids, RegistrationField } from '../../slack/ids.js';
import { type ActionArgs, clickerOf, onAction } from '../../slack/pipeline/action.js';
import { onViewSubmission, submitterOf, type ViewArgs } from '../../slack/pipeline/view-submission.js';
import { decodeMetadata, encodeMetadata } from '../../slack/private-metadata.js';
import { readExceptionReason, readStakeholders, ViewStateValues } from '../pilots/pilot.state.js';
import { RoleChangeMetadata } from '../pilots/role-change.schema.js';
import { roleChangeModal, rolesNoticeModal } from '../pilots/role-change.views.js';
import type { RoleChange, RoleChangeCommand, RoleChangeOpening, RoleChangeService } from './role-change.service.js';

/** What *Change roles* and the roles modal use. */
export interface RoleChangeListenerDeps {
  roleChanges: Pick<RoleChangeService, 'prepare' | 'change' | 'announce'>;
  logger: Logger;
}

/** The roles modal for an opening, with the holders it shows in its metadata (the change's compare-and-set). */
export const roleChangeView = (o: RoleChangeOpening): ModalView =>
  roleChangeModal({
    pilot: o.pilot,
    metadata: encodeMetadata(RoleChangeMetadata, { reviewId: o.review.id, shown: o.pilot.stakeholders }),
    separation: o.separation,
    offerException: o.offerException,
  });

/** Where a refusal without a field of its own goes: the first role field, in plain words (no mrkdwn there). */
const ON_FIRST_ROLE = {
  block: RegistrationField.role('executive_sponsor'),
  shorten: (text: string) => clip(text.replace(/\*/g, ''), 150),
};

const OUT_OF_DATE = 'This form is out of date; close it and open Change roles again.';

type ButtonArgs = ActionArgs<BlockAction<ButtonAction>>;

/** *Change roles* in the Details modal, and the roles modal's submission (also opened by `/gate roles`). */
export function registerRoleChangeListeners(app: App, deps: RoleChangeListenerDeps): void {
  // Pushed on top of Details; whoever may not change the roles gets, in its place, who can.
  app.action<BlockAction<ButtonAction>>(
    Ids.review.changeRolesButton,
    onAction(deps.logger, {
      flow: 'roles-open',
      async handle({ body, action, client }: ButtonArgs) {
        const reviewId = ObjectIdText.safeParse(action.value);
        if (!reviewId.success)
          throw new DomainError('invalid_input', 'This button is out of date; open Details again.');
        const { teamId, userId } = clickerOf(body);
        const opening = await deps.roleChanges.prepare(teamId, reviewId.data, userId);
        await client.views.push({ trigger_id: body.trigger_id, view: roleChangeView(opening) });
      },
      tell: async ({ body, client }: ButtonArgs, text: string) => {
        await client.views.push({ trigger_id: body.trigger_id, view: rolesNoticeModal(text) });
      },
    }),
  );

  app.view(
    Ids.pilot.rolesModal,
    onViewSubmission(deps.logger, {
      flow: 'roles-change',
      parse({ body, view }: ViewArgs) {
        const meta = decodeMetadata(RoleChangeMetadata, view.private_metadata);
        const values = ViewStateValues.safeParse(view.state.values);
        if (!meta || !values.success) {
          return {
            ok: false as const,
            ack: { response_action: 'errors' as const, errors: { [ON_FIRST_ROLE.block]: OUT_OF_DATE } },
          };
        }
        const form = {
          shown: meta.shown,
          picked: readStakeholders(values.data),
          reason: readExceptionReason(values.data),
        };
        return { ok: true as const, input: { ...submitterOf(body), reviewId: meta.reviewId, form } };
      },
      run: (cmd: RoleChangeCommand) => deps.roleChanges.change(cmd),
      // A change closes Details under it too (it shows the old holders); no change just closes this modal.
      render: (change: RoleChange | null) => (change ? { response_action: 'clear' as const } : undefined),
      errors: ON_FIRST_ROLE,
      followUps: (change: RoleChange | null) =>
        change ? [{ step: 'roles-announce', run: () => deps.roleChanges.announce(change) }] : [],
    }),
  );
}
