import { describe, expect, it } from 'vitest';
import {
  canSeePilot,
  isPilotInsider,
  type VisibilityPilot,
} from '../../../../src/features/pilots/pilot-visibility.policy.js';

const pilot: VisibilityPilot = {
  channelId: 'G0SECRET',
  channelPrivate: true,
  stakeholders: { executive_sponsor: 'U0SPONSOR', operational_lead: 'U0OPS' },
  deputies: { operational_lead: 'U0DEPUTY' },
  createdBy: 'U0REGISTRANT',
};
const members = new Set(['U0MEMBER']);
const privateChannel = { isPrivate: true, hasMember: (u: string) => members.has(u) };
const publicChannel = { isPrivate: false, hasMember: () => false };
const viewer = (userId: string, isGateAdmin = false) => ({ userId, isGateAdmin });

describe('canSeePilot', () => {
  it.each([
    ['the sponsor', viewer('U0SPONSOR'), true],
    ['a deputy', viewer('U0DEPUTY'), true],
    ['the registrant', viewer('U0REGISTRANT'), true],
    ['a gate admin', viewer('U0ADMIN', true), true],
    ['a member of the channel', viewer('U0MEMBER'), true],
    ['anyone else in the workspace', viewer('U0OUTSIDER'), false],
  ])('private channel: %s → %s', (_who, v, expected) => {
    expect(canSeePilot(pilot, v, privateChannel)).toBe(expected);
  });

  it('public channel: everyone in the workspace', () => {
    expect(canSeePilot(pilot, viewer('U0OUTSIDER'), publicChannel)).toBe(true);
  });

  it('insiders are known without asking Slack for the channel', () => {
    expect(isPilotInsider(pilot, viewer('U0OPS'))).toBe(true);
    expect(isPilotInsider(pilot, viewer('U0MEMBER'))).toBe(false);
    expect(isPilotInsider({ ...pilot, stakeholders: { governance_lead: '' } }, viewer(''))).toBe(false);
  });
});
