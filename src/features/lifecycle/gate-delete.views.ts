import type { KnownBlock, ModalView } from '@slack/types';
import { context, escapeMrkdwn, mention, plain, section } from '../../slack/blocks.js';
import { fallback } from '../../slack/fallback-text.js';
import { Ids } from '../../slack/ids.js';
import { encodeMetadata } from '../../slack/private-metadata.js';
import { slackDate } from '../../slack/slack-date.js';
import { PilotDeleteMetadata } from './gate-delete.schema.js';
import type { PilotDataCounts } from './pilot-data.types.js';

const n = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

/** The counts a person is asked to confirm: the ones they know from the card and the plan. */
export const countsLine = (c: PilotDataCounts): string =>
  `${n(c.reviews, 'review')}, ${n(c.answers, 'answer')}, ${n(c.auditEvents, 'audit event')}, ${n(c.planItems, 'plan item')}`;

export function confirmDeleteModal(pilot: { id: string; name: string }, counts: PilotDataCounts): ModalView {
  return {
    type: 'modal',
    callback_id: Ids.lifecycle.deletePilotModal,
    private_metadata: encodeMetadata(PilotDeleteMetadata, { pilotId: pilot.id }),
    title: plain('Delete pilot', 24),
    submit: plain('Delete for good', 24),
    close: plain('Cancel', 24),
    blocks: [
      section(`Delete *${escapeMrkdwn(pilot.name)}* and everything recorded about it?`),
      section(
        `This deletes ${countsLine(counts)}. It cannot be undone; export the audit trail first if you need it (\`/gate export ${escapeMrkdwn(pilot.name)}\`).`,
      ),
      context('The workspace’s audit trail keeps a record of who deleted the pilot and when.'),
    ],
  };
}

export function resultModal(text: string): ModalView {
  return {
    type: 'modal',
    title: plain('Delete pilot', 24),
    close: plain('Done', 24),
    blocks: [section(text)],
  };
}

/** What the review card in the channel turns into once its pilot is deleted: the news, no buttons. */
export function deletedCardMessage(
  pilotName: string,
  deletedBy: string,
  at: Date,
): { text: string; blocks: KnownBlock[] } {
  const when = slackDate(at, 'dayAndTime');
  return {
    text: fallback`${pilotName} was deleted from PilotGate by a gate admin`,
    blocks: [
      section(`🗑️ *${escapeMrkdwn(pilotName)}* was deleted from PilotGate by ${mention(deletedBy)} on ${when}.`),
      context(
        'Its review, answers, plan and audit trail are no longer kept; the workspace’s audit trail records the deletion.',
      ),
    ],
  };
}
