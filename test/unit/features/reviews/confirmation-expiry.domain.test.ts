import { describe, expect, it } from 'vitest';
import { ROLE_IDS, type RoleId, SIGNAL_IDS, type SignalId } from '../../../../src/core/catalog.domain.js';
import {
  askedAndStillStale,
  confirmationFreshness,
  confirmationTimes,
  staleConfirmations,
  withStaleConfirmations,
} from '../../../../src/features/reviews/confirmation-expiry.domain.js';
import { allInFixture } from './review.fixture.js';

const DAY = 86_400_000;
const VALID = 90 * DAY;
const now = new Date('2026-12-01T12:00:00Z');
const ago = (days: number, extraMs = 0) => new Date(now.getTime() - days * DAY - extraMs);

describe('confirmationFreshness', () => {
  it.each([
    ['answered today', ago(0), 'fresh'],
    ['exactly the validity old', ago(90), 'fresh'],
    ['a millisecond past the validity', ago(90, 1), 'stale'],
    ['long past it', ago(400), 'stale'],
  ] as const)('%s → %s', (_, confirmedAt, expected) => {
    expect(confirmationFreshness(confirmedAt, now, VALID)).toBe(expected);
  });

  it('follows the validity it is given (a workspace override)', () => {
    expect(confirmationFreshness(ago(10), now, 7 * DAY)).toBe('stale');
    expect(confirmationFreshness(ago(10), now, 14 * DAY)).toBe('fresh');
  });
});

describe('staleConfirmations', () => {
  it('names the answered roles whose confirmation is stale, in role order, with when they confirmed', () => {
    const confirmedAt = {
      change_lead: ago(120),
      executive_sponsor: ago(5),
      operational_lead: ago(95),
      technology_lead: ago(30),
    };
    const stale = staleConfirmations({ answeredRoles: [...ROLE_IDS], confirmedAt, now, validForMs: VALID });
    expect(stale).toEqual([
      { role: 'operational_lead', confirmedAt: ago(95) },
      { role: 'change_lead', confirmedAt: ago(120) },
    ]);
  });

  it('ignores roles that have not answered (they are pending anyway) and roles with no recorded time', () => {
    const stale = staleConfirmations({
      answeredRoles: ['technology_lead'],
      confirmedAt: { operational_lead: ago(200) },
      now,
      validForMs: VALID,
    });
    expect(stale).toEqual([]);
  });
});

describe('confirmationTimes', () => {
  const history = [
    { role: 'operational_lead' as RoleId, round: 1, submittedAt: ago(100) },
    { role: 'operational_lead' as RoleId, round: 2, submittedAt: ago(50) },
    { role: 'technology_lead' as RoleId, round: 1, submittedAt: ago(120) },
    { role: 'change_lead' as RoleId, round: 3, submittedAt: ago(1) },
  ];

  it('takes the time recorded on the review, else the latest submission up to the current round', () => {
    const times = confirmationTimes({ round: 2, confirmations: { technology_lead: ago(3) } }, history);
    expect(times).toEqual({ operational_lead: ago(50), technology_lead: ago(3) });
  });

  it('a review without recorded times reads them all from its answers', () => {
    expect(confirmationTimes({ round: 1 }, history)).toEqual({
      operational_lead: ago(100),
      technology_lead: ago(120),
    });
  });
});

describe('askedAndStillStale', () => {
  const asked = new Date('2026-08-20T10:00:00Z');

  it('a confirmation asked about stays stale until it is re-stamped or answered anew', () => {
    const review = {
      answeredRoles: ['operational_lead', 'change_lead', 'governance_lead'] as RoleId[],
      confirmations: { operational_lead: asked, change_lead: ago(0) },
      reconfirmAsked: { operational_lead: asked, change_lead: asked, governance_lead: asked },
    };
    // The governance lead's review predates recorded confirmations: asked, and nothing newer since.
    expect(askedAndStillStale(review)).toEqual([
      { role: 'operational_lead', confirmedAt: asked },
      { role: 'governance_lead', confirmedAt: asked },
    ]);
  });

  it('nobody asked: nothing stale on the card', () => {
    expect(askedAndStillStale({ answeredRoles: [...ROLE_IDS], confirmations: { operational_lead: ago(400) } })).toEqual(
      [],
    );
  });
});

describe('withStaleConfirmations', () => {
  const assessors: Record<SignalId, RoleId[]> = {
    kpi_validation: ['executive_sponsor', 'operational_lead'],
    data_infrastructure: ['technology_lead'],
    governance: ['technology_lead', 'governance_lead'],
    user_adoption: ['operational_lead', 'change_lead'],
    operational_ownership: ['executive_sponsor', 'operational_lead'],
  };
  const assessorsOf = (s: SignalId) => assessors[s];

  it('shows every signal a stale role assesses as pending, the stale confirmation as its first reason', () => {
    const review = allInFixture();
    const adjusted = withStaleConfirmations(review, assessorsOf, [
      { role: 'technology_lead', confirmedAt: new Date('2026-08-20T10:00:00Z') },
    ]);
    expect(adjusted.statuses.map((s) => [s.signal, s.status])).toEqual([
      ['kpi_validation', 'confirmed'],
      ['data_infrastructure', 'pending'],
      ['governance', 'pending'],
      ['user_adoption', 'confirmed'],
      ['operational_ownership', 'confirmed'],
    ]);
    const governance = adjusted.statuses.find((s) => s.signal === 'governance')!;
    expect(governance.reasons).toEqual([
      'Technology lead: confirmed 2026-08-20, now stale; awaiting re-confirmation',
      'Confirmed',
    ]);
  });

  it('counts the stale signals as pending for the outcome: no proceed while any is stale', () => {
    const review = allInFixture();
    expect(review.outcome).toBe('proceed');
    const adjusted = withStaleConfirmations(review, assessorsOf, [{ role: 'change_lead', confirmedAt: ago(91) }]);
    expect(adjusted.outcome).toBe('collecting');
  });

  it('leaves the review as it is when nothing is stale', () => {
    const review = allInFixture();
    expect(withStaleConfirmations(review, assessorsOf, [])).toBe(review);
    expect(review.statuses.every((s) => SIGNAL_IDS.includes(s.signal))).toBe(true);
  });
});
