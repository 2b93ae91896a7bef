import { describe, expect, it } from 'vitest';
import { Ids } from '../../src/slack/ids.js';
import { eventually, useApp } from '../support/app-harness.js';
import { answerAll } from '../support/flows/answer.js';
import { cardRef, choose, newReview, openDecision, submitDecision } from '../support/flows/decide.js';
import { STAKEHOLDERS } from '../support/flows/register.js';
import { mrkdwnTexts } from '../support/mrkdwn-texts.js';

const h = useApp({ now: new Date('2026-11-25T12:00:00Z') });

/** Strings Slack would turn into a broadcast, a group ping or a disguised link if left unescaped. */
const HOSTILE = ['<!here>', '<!channel>', '<!everyone>', '<!subteam^S0HOSTILE>', '<https://evil.example|click me>'];
const FORBIDDEN = ['<!here', '<!channel', '<!everyone', '<!subteam', '<https://evil'];

/** Every mrkdwn text the app has shown so far: messages, ephemerals, response_url posts, modals, Home tabs. */
function everythingShown(): string[] {
  const sim = h.sim;
  return mrkdwnTexts([
    [...sim.messages.values()].flat().map((m) => ({ text: m.text, blocks: m.blocks })),
    sim.ephemerals.map((m) => ({ text: m.text, blocks: m.blocks })),
    sim.responses.map((r) => r.body),
    [...sim.views.values()].map((v) => v.blocks),
    [...sim.homeViews.values()].map((v) => v.blocks),
  ]);
}

describe('user text can never ping a channel or smuggle a link, in any surface', () => {
  it('escapes hostile text from registration, answers, decision reasons and plan items wherever it is shown', async () => {
    const name = `Hostile ${HOSTILE[0]} pilot`;
    const reviewId = await newReview(h, name, {
      kpis: `Cycle ${HOSTILE[1]} | 4 days | 1 day`,
      kill: `Kill ${HOSTILE[2]}`,
      scale: `Scale ${HOSTILE[4]}`,
    });
    await answerAll(
      h,
      reviewId,
      { governance_lead: 'conditional' },
      {
        operational_lead: { kpi_results: `Results ${HOSTILE[0]} ${HOSTILE[4]}` },
        change_lead: { adoption_concerns: `Concerns ${HOSTILE[3]}` },
        governance_lead: { drift_thresholds: `Drift ${HOSTILE[1]}` },
      },
    );
    const card = await cardRef(reviewId);
    await h.slack.blockAction({
      userId: STAKEHOLDERS.executive_sponsor,
      actionId: Ids.review.detailsButton,
      value: reviewId,
      channelId: card.channel,
      messageTs: card.ts,
    });
    const gap = await choose(h, await openDecision(h, reviewId), 'gap_closure');
    const ack = await submitDecision(h, gap, {
      decision: 'gap_closure',
      plan: { governance: { action: `Fix ${HOSTILE[1]} ${HOSTILE[4]}`, owner: 'U0FIXER', due: '2026-12-20' } },
    });
    expect(ack.text).toBe('');
    await eventually(() => h.sim.dmsTo('U0FIXER').length > 0);
    await h.slack.command({ text: `status ${name}`, userId: STAKEHOLDERS.executive_sponsor, channelId: card.channel });
    await h.slack.command({ text: 'list', userId: STAKEHOLDERS.executive_sponsor, channelId: card.channel });
    await h.slack.event({
      event: {
        type: 'app_home_opened',
        user: STAKEHOLDERS.executive_sponsor,
        channel: 'D1',
        tab: 'home',
        event_ts: '1.1',
      },
    });
    await eventually(() => h.sim.responses.length >= 2 && h.sim.homeViews.size >= 1);

    const shown = everythingShown();
    expect(shown.join('\n')).toContain('&lt;!here&gt;');
    expect(shown.filter((t) => FORBIDDEN.some((bad) => t.includes(bad)))).toEqual([]);
    expect(h.sim.violations).toEqual([]);
  });
});
