import type { Deps } from '../../app/deps.js';
import { escapeMrkdwn } from '../../slack/blocks.js';
import type { GateCommandHandler } from '../../slack/listener-types.js';
import { auditCsv, auditJson, fileSlug, verdictLine } from '../audit/audit-export.domain.js';
import type { Pilot } from '../pilots/pilot.types.js';
import { lookupPilot } from '../pilots/pilot-lookup.service.js';
import type { Review } from '../reviews/review.types.js';

/**
 * `/gate export [pilot]`: the review's audit trail as CSV and JSON, uploaded to the caller's DM with the
 * chain verification. Only the pilot's stakeholders (and its registrant) or a gate admin may export.
 */
export const exportCommand: GateCommandHandler = async ({ arg, teamId, userId, channelId, ack, respond, deps }) => {
  await ack({ response_type: 'ephemeral', text: 'Preparing the audit trail…' });
  const found = await lookupPilot(deps, { teamId, channelId, arg, sub: 'export', userId });
  if (!found.ok || !found.review) {
    await respond({ response_type: 'ephemeral', text: found.ok ? 'This pilot has no review yet.' : found.text });
    return;
  }
  const { pilot, review } = found;
  const allowed =
    Object.values(pilot.stakeholders).includes(userId) ||
    pilot.createdBy === userId ||
    (await deps.isGateAdmin(teamId, userId));
  if (!allowed) {
    await respond({
      response_type: 'ephemeral',
      text: `Only the stakeholders of *${escapeMrkdwn(pilot.name)}* or a gate admin can export its audit trail.`,
    });
    return;
  }
  const summary = await uploadAuditTrail(deps, pilot, review, userId);
  await respond({
    response_type: 'ephemeral',
    text: `Sent the audit trail of *${escapeMrkdwn(pilot.name)}* to your DM. ${summary}`,
  });
};

async function uploadAuditTrail(deps: Deps, pilot: Pilot, review: Review, userId: string): Promise<string> {
  const now = deps.clock.now();
  // Chain, head on the review and HMAC with the server key: a deleted tail or a re-hashed rewrite shows.
  const { events, verdict } = await deps.repos.audit.trail(pilot.teamId, review.id);
  const stem = `pilotgate-audit-${fileSlug(pilot.name)}-${now.toISOString().slice(0, 10)}`;
  const client = await deps.clients.forTeam(pilot.teamId);
  const dm = await client.conversations.open({ users: userId });
  const line = `${events.length} events. ${verdictLine(verdict)}`;
  await client.filesUploadV2({
    channel_id: String(dm.channel?.id),
    initial_comment: `Audit trail of ${escapeMrkdwn(pilot.name)}: ${line}`,
    file_uploads: [
      { file: Buffer.from(auditCsv(events), 'utf8'), filename: `${stem}.csv`, title: `${stem}.csv` },
      {
        file: Buffer.from(
          auditJson({
            pilot: { id: pilot.id, name: pilot.name },
            reviewId: review.id,
            exportedAt: now,
            events,
            verdict,
          }),
          'utf8',
        ),
        filename: `${stem}.json`,
        title: `${stem}.json`,
      },
    ],
  });
  deps.logger.info(
    { teamId: pilot.teamId, reviewId: review.id, userId, events: events.length },
    'audit trail exported',
  );
  return line;
}
