import type { ModalView } from '@slack/types';
import { context, escapeMrkdwn, plain, section } from '../../slack/blocks.js';
import { Ids } from '../../slack/ids.js';
import type { PilotDataCounts } from './pilot-delete.repo.js';

const n = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

/** The counts a person is asked to confirm: the ones they know from the card and the plan. */
export const countsLine = (c: PilotDataCounts): string =>
  `${n(c.reviews, 'review')}, ${n(c.answers, 'answer')}, ${n(c.auditEvents, 'audit event')}, ${n(c.planItems, 'plan item')}`;

export function confirmDeleteModal(pilot: { id: string; name: string }, counts: PilotDataCounts): ModalView {
  return {
    type: 'modal',
    callback_id: Ids.lifecycle.deletePilotModal,
    private_metadata: JSON.stringify({ pilotId: pilot.id }),
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
