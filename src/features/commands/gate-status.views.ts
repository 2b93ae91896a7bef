import { context } from '../../slack/blocks.js';
import type { Pilot } from '../pilots/pilot.types.js';
import type { PlanItem, Review } from '../reviews/review.types.js';
import { type RenderedMessage, reviewCard } from '../reviews/review-card.views.js';

/** `/gate status`: the review card as the caller alone sees it, pointing at the live card in the channel. */
export function gateStatusReply(pilot: Pilot, review: Review, planItems: PlanItem[]): RenderedMessage {
  const card = reviewCard(pilot, review, planItems);
  return {
    text: card.text,
    blocks: [...card.blocks, context(`Only you can see this. The live card is in <#${pilot.channelId}>.`)],
  };
}
