import { context, section } from '../../slack/blocks.js';
import type { RenderedMessage } from '../reviews/review-card.views.js';

const WHAT =
  'I run *AI pilot-to-production gate reviews*: five stakeholders (sponsor, operational, technology, governance and ' +
  'change leads) assess five scale-readiness signals, and the executive sponsor records a documented decision: ' +
  'proceed, close the gaps, pause or terminate.';

/** Posted once when PilotGate is added to a channel. */
export function channelIntro(): RenderedMessage {
  return {
    text: 'Hi! I run AI pilot-to-production gate reviews. Register a pilot here with /gate start [pilot name]; /gate help lists every command.',
    blocks: [
      section(`👋 Hi! ${WHAT}`),
      section('Register a pilot in this channel with `/gate start [pilot name]`; its review card will live here.'),
      context('`/gate help` lists every command · the PilotGate Home tab shows what you owe'),
    ],
  };
}

/** DMed to whoever installs PilotGate into a workspace. */
export function installerWelcome(): RenderedMessage {
  return {
    text: 'PilotGate is installed. Invite it to a channel and run /gate start [pilot name] to open the first gate review.',
    blocks: [
      section(`✅ *PilotGate is installed.* ${WHAT}`),
      section(
        '1. Invite me to the channel where a pilot is discussed (`/invite @PilotGate`).\n' +
          '2. Run `/gate start [pilot name]` there and name the five stakeholders.\n' +
          '3. Set who may change thresholds and quiet hours with `/gate settings` (gate admins).',
      ),
      context('`/gate help` lists every command · open my Home tab to see what you owe'),
    ],
  };
}
