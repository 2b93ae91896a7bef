/** Pilots, reviews and plan items for the decision and gap-closure view tests. */

import { SIGNAL_IDS, type SignalId, type SignalStatusValue } from '../../../../src/core/catalog.domain.js';
import type { Pilot } from '../../../../src/features/pilots/pilot.types.js';
import { reviewOutcome } from '../../../../src/features/reviews/outcome.domain.js';
import type { PlanItem, Review, StoredSignalStatus } from '../../../../src/features/reviews/review.types.js';

export const REVIEW_ID = 'a'.repeat(24);
const NOW = new Date('2026-11-25T12:00:00Z');

export function pilot(over: Partial<Pilot> = {}): Pilot {
  return {
    id: 'b'.repeat(24),
    teamId: 'T1',
    channelId: 'C1',
    name: 'Invoice <triage> & co',
    nameKey: 'invoice <triage> & co',
    useCase: 'Routes invoices',
    businessUnit: 'AP',
    plannedKpiValidationDate: '2027-01-15',
    kpis: [{ name: 'Cycle time', baseline: '4.2 days', target: '1 day' }],
    killCriteria: 'Accuracy below 90% after eight weeks',
    scaleCriteria: 'Cycle time under 1.5 days on production data',
    regulated: false,
    stakeholders: {
      executive_sponsor: 'USPONSOR',
      operational_lead: 'UOPS',
      technology_lead: 'UTECH',
      governance_lead: 'UGOV',
      change_lead: 'UCHANGE',
    },
    deputies: {},
    createdBy: 'USPONSOR',
    stage: 'in_review',
    flags: [],
    createdAt: NOW,
    updatedAt: NOW,
    ...over,
  };
}

/** Statuses: every signal `base`, with exceptions. */
export function statuses(
  base: SignalStatusValue,
  except: Partial<Record<SignalId, SignalStatusValue>> = {},
): StoredSignalStatus[] {
  return SIGNAL_IDS.map((signal) => {
    const status = except[signal] ?? base;
    return {
      signal,
      status,
      reasons: status === 'confirmed' || status === 'pending' ? [] : [`Gov lead: ${signal} needs work`],
      awaiting: status === 'pending' ? ['operational_lead'] : [],
    };
  });
}

export function review(s: StoredSignalStatus[], over: Partial<Review> = {}): Review {
  return {
    id: REVIEW_ID,
    teamId: 'T1',
    pilotId: 'b'.repeat(24),
    manifestVersion: 'v1',
    round: 1,
    rounds: [{ n: 1, startedAt: NOW, requiredRoles: [], reason: 'Review opened' }],
    statuses: s,
    outcome: reviewOutcome(s),
    answeredRoles: ['executive_sponsor', 'operational_lead', 'technology_lead', 'governance_lead', 'change_lead'],
    answerSeq: 5,
    snapshotSeq: 5,
    decisions: [],
    decidedRound: 0,
    decisionCount: 0,
    openedAt: NOW,
    lastActivityAt: NOW,
    ...over,
  };
}

export function planItem(over: Partial<PlanItem> = {}): PlanItem {
  return {
    id: 'c'.repeat(24),
    teamId: 'T1',
    reviewId: REVIEW_ID,
    pilotId: 'b'.repeat(24),
    round: 1,
    signal: 'governance',
    action: 'Test drift alerts <end to end>',
    ownerId: 'UFIX',
    dueDate: '2026-12-15',
    investment: 25000,
    ...over,
  };
}
