import mongoose from 'mongoose';
import { beforeAll, describe, expect, it } from 'vitest';
import { weeklyDigestJob } from '../../src/features/digests/digest.job.js';
import { Ids } from '../../src/slack/ids.js';
import { eventually, useApp } from '../support/app-harness.js';
import { cardRef, newReview } from '../support/flows/decide.js';
import { STAKEHOLDERS } from '../support/flows/register.js';

// Wednesday; the default digestCron "0 9 * * 1" fires on Monday 30 Nov, 09:00 in each sponsor's zone.
const START = new Date('2026-11-25T12:00:00Z');
const h = useApp({ now: START, env: { GATE_ADMINS: 'U0ADMIN' } });
// A private channel whose id looks like any other: only conversations.info says it is private.
const SECRET_CHANNEL = 'C0SECRETS';
const SECRET = 'Secret merger model';
const OPEN = 'Open helpdesk bot';
const MEMBER = 'U0MEMBER'; // in the private channel, no role on the pilot
const OUTSIDER = 'U0OUTSIDER'; // in the workspace, not in the channel, no role
const OPEN_SPONSOR = 'U0OPENSPONSOR'; // sponsors the open pilot only
const pilots = () => mongoose.connection.collection('pilots');
let secretReview = '';

/** Everything one request showed the person: its ack, response_url bodies, ephemerals and modals. */
async function shownBy(send: () => Promise<{ text: string }>, userId: string): Promise<string> {
  h.sim.reset();
  const ack = await send();
  await eventually(() => h.sim.responses.length > 0 || h.sim.views.size > 0 || h.sim.ephemerals.length > 0);
  await new Promise((r) => setTimeout(r, 150));
  return JSON.stringify([
    ack.text,
    h.sim.responses.map((r) => r.body),
    h.sim.ephemerals.filter((e) => e.user === userId),
    [...h.sim.views.values()],
  ]);
}
const command = (text: string, userId: string) => () => h.slack.command({ text, userId });

async function home(userId: string): Promise<string> {
  h.sim.reset();
  await h.slack.event({ event: { type: 'app_home_opened', user: userId, channel: 'D0HOME', tab: 'home' } });
  return JSON.stringify(await eventually(() => h.sim.homeViews.get(userId)));
}

describe('a pilot of a private channel is seen only by its stakeholders, gate admins and the channel’s members', () => {
  beforeAll(async () => {
    for (const u of [MEMBER, OUTSIDER, OPEN_SPONSOR, ...Object.values(STAKEHOLDERS)]) h.sim.setUser(u, { tz: 'UTC' });
    h.sim.setChannel(SECRET_CHANNEL, { isPrivate: true, members: [...Object.values(STAKEHOLDERS), MEMBER] });
    secretReview = await newReview(h, SECRET, { channelId: SECRET_CHANNEL });
    await newReview(h, OPEN, { stakeholders: { executive_sponsor: OPEN_SPONSOR } });
    // Both in purgatory, so both names are in every portfolio that may show them (Home, digest).
    for (const p of await pilots().find({}).toArray()) {
      await h.server.deps.repos.pilots.setFlags(p.teamId, String(p._id), [
        { kind: 'purgatory', since: START, detail: 'no scale decision after 180 days' },
      ]);
    }
  });

  it('stores at registration whether the channel is private (conversations.info)', async () => {
    await eventually(async () => (await pilots().findOne({ name: SECRET }))?.channelPrivate === true);
    await eventually(async () => (await pilots().findOne({ name: OPEN }))?.channelPrivate === false);
  });

  it('/gate list: the outsider sees the open pilot only; a member and a gate admin see both', async () => {
    const outsider = await shownBy(command('list', OUTSIDER), OUTSIDER);
    expect(outsider).toContain(OPEN);
    expect(outsider).not.toContain(SECRET);
    // Membership is asked once for the whole list, and its chart (in the outsider's DM) shows the same pilots.
    const chart = await eventually(() => h.sim.callsTo('files.getUploadURLExternal').at(-1));
    expect(String(chart.args.alt_text)).toContain(OPEN);
    expect(String(chart.args.alt_text)).not.toContain(SECRET);
    expect(h.sim.callsTo('conversations.members')).toHaveLength(1);
    for (const who of [MEMBER, 'U0ADMIN', STAKEHOLDERS.change_lead]) {
      const shown = await shownBy(command('list', who), who);
      expect(shown, who).toContain(OPEN);
      expect(shown, who).toContain(SECRET);
    }
  });

  it('/gate status: the outsider is told there is no such pilot (and gets no suggestion); a member sees the card', async () => {
    const exact = await shownBy(command(`status ${SECRET}`, OUTSIDER), OUTSIDER);
    expect(exact).toContain(`No pilot named “${SECRET}” in this workspace.`);
    const typo = await shownBy(command('status secret merger modle', OUTSIDER), OUTSIDER);
    expect(typo.replaceAll('“secret merger modle”', '“…”')).not.toMatch(/secret merger/i);
    const member = await shownBy(command(`status ${SECRET}`, MEMBER), MEMBER);
    expect(member).toContain(`Gate review: ${SECRET}`);
  });

  it('/gate decide by name: the outsider is told there is no such pilot, not who may decide it', async () => {
    const shown = await shownBy(command(`decide ${SECRET}`, OUTSIDER), OUTSIDER);
    expect(shown).toContain(`I found no pilot named “${SECRET}” in this workspace.`);
    expect(shown.replaceAll(`“${SECRET}”`, '“…”')).not.toContain(SECRET);
    expect(shown).not.toContain(STAKEHOLDERS.executive_sponsor);
  });

  it('Details: the outsider gets “can’t find”, no modal; a member gets the modal', async () => {
    const card = await cardRef(secretReview);
    const click = (userId: string) => () =>
      h.slack.blockAction({
        userId,
        actionId: Ids.review.detailsButton,
        value: secretReview,
        channelId: card.channel,
        messageTs: card.ts,
      });
    const outsider = await shownBy(click(OUTSIDER), OUTSIDER);
    expect(outsider).toContain('I can’t find that gate review in this workspace.');
    expect(outsider).not.toContain(SECRET);
    expect(h.sim.callsTo('views.open')).toEqual([]);
    const member = await shownBy(click(MEMBER), MEMBER);
    expect(member).toContain(SECRET);
    expect(h.sim.callsTo('views.open')).toHaveLength(1);
  });

  it('Home portfolio: the outsider’s lists the open pilot only; a member’s lists both', async () => {
    const outsider = await home(OUTSIDER);
    expect(outsider).toContain(OPEN);
    expect(outsider).not.toContain(SECRET);
    const member = await home(MEMBER);
    expect(member).toContain(OPEN);
    expect(member).toContain(SECRET);
  });

  it('digest: the open pilot’s sponsor’s portfolio leaves the private pilot out; its own sponsor’s has it', async () => {
    h.sim.reset();
    h.clock.set(new Date('2026-11-30T09:02:00Z'));
    await h.server.jobs.runNow(weeklyDigestJob.name);
    const digestOf = (user: string) =>
      JSON.stringify(h.sim.dmsTo(user).filter((m) => m.text.startsWith('Your weekly PilotGate digest')));
    expect(digestOf(OPEN_SPONSOR)).toContain(OPEN);
    expect(digestOf(OPEN_SPONSOR)).not.toContain(SECRET);
    expect(digestOf(STAKEHOLDERS.executive_sponsor)).toContain(SECRET);
    expect(h.sim.violations).toEqual([]);
  });
});
