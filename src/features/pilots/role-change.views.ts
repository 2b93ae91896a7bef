/** The roles modal (*Change roles* in Details, `/gate roles`) and what someone who may not use it is told. Pure. */
import type { ModalView } from '@slack/types';
import { context, escapeMrkdwn, plain, section } from '../../slack/blocks.js';
import { Ids } from '../../slack/ids.js';
import type { Pilot } from './pilot.types.js';
import { exceptionField, roleInputs } from './pilot.views.js';

/** What the roles modal shows: the pilot's holders, and whether to offer the gate admin's exception field. */
export interface RoleChangeModalInput {
  pilot: Pick<Pilot, 'name' | 'stakeholders'>;
  metadata: string;
  /** The opener is a gate admin and separation of duties applies to this pilot. */
  offerException: boolean;
  /** Separation of duties applies to this pilot (the workspace's setting and whether it is regulated). */
  separation: boolean;
}

const RULES =
  'Separation of duties applies to this pilot: one person may hold at most two roles, and the executive sponsor can’t also be the governance lead.';

/** The five role fields pre-filled with the current holders; the exception field only for a gate admin where the rules apply. */
export function roleChangeModal(input: RoleChangeModalInput): ModalView {
  return {
    type: 'modal',
    callback_id: Ids.pilot.rolesModal,
    private_metadata: input.metadata,
    title: plain('Change roles', 24),
    submit: plain('Save roles', 24),
    close: plain('Cancel', 24),
    blocks: [
      section(`Who holds each role in the gate review of *${escapeMrkdwn(input.pilot.name)}*.`),
      context('New holders get the questionnaire invite; answers already given stay with the role.'),
      ...(input.separation ? [context(RULES)] : []),
      ...roleInputs(input.pilot.stakeholders),
      ...(input.offerException ? [exceptionField('')] : []),
    ],
  };
}

/** Words for someone who may not change a pilot's roles: who can. */
export const rolesRefusalText = (pilotName: string): string =>
  `Only the executive sponsor of *${escapeMrkdwn(pilotName)}* or a gate admin can change its roles.`;

/** A modal with one short text, pushed where the roles modal would have been (a refusal, a failure). */
export function rolesNoticeModal(text: string): ModalView {
  return {
    type: 'modal',
    callback_id: Ids.pilot.rolesNoticeModal,
    title: plain('Change roles', 24),
    close: plain('Close', 24),
    blocks: [section(text)],
  };
}
