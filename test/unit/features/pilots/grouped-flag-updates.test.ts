import { describe, expect, it } from 'vitest';
import type { FlagWrite } from '../../../../src/features/pilots/pilot.port.js';
import { groupedFlagUpdates } from '../../../../src/features/pilots/pilot-sweeps.mapping.js';

const id = (n: number) => n.toString(16).padStart(24, '0');
const write = (n: number, over: Partial<FlagWrite> = {}): FlagWrite => ({
  teamId: 'T1',
  pilotId: id(n),
  stage: 'in_review',
  flags: [],
  scanDueOn: '2026-12-09',
  scanBucket: '3',
  scanMarkedAt: null,
  ...over,
});

describe('groupedFlagUpdates', () => {
  it('sends pilots given the same update under the same compare-and-set as one updateMany', () => {
    const ops = groupedFlagUpdates([write(1), write(2), write(3)]);
    expect(ops).toHaveLength(1);
    const many = (ops[0] as { updateMany: { filter: Record<string, unknown> } }).updateMany;
    expect(many.filter).toMatchObject({ teamId: 'T1', stage: 'in_review', scanMarkedAt: null });
    expect((many.filter._id as { $in: unknown[] }).$in.map(String)).toEqual([id(1), id(2), id(3)]);
  });

  it('keeps a pilot with its own update, stage or change mark in a statement of its own', () => {
    const marked = new Date('2026-12-01T10:00:00Z');
    const ops = groupedFlagUpdates([
      write(1),
      write(2),
      write(3, { scanDueOn: '2026-12-10' }),
      write(4, { stage: 'pre_production' }),
      write(5, { scanMarkedAt: marked }),
      write(6, { flags: [{ kind: 'at_risk', since: marked, detail: 'no answers' }] }),
    ]);
    const singles = ops.filter((op) => 'updateOne' in op).map((op) => String(op.updateOne.filter._id));
    expect(singles.sort()).toEqual([id(3), id(4), id(5), id(6)]);
    expect(ops.filter((op) => 'updateMany' in op)).toHaveLength(1);
  });

  it('splits a large group into $in lists of at most 500 ids', () => {
    const ops = groupedFlagUpdates(Array.from({ length: 1_201 }, (_, i) => write(i + 1)));
    const sizes = ops.map((op) =>
      'updateMany' in op ? (op.updateMany.filter._id as { $in: unknown[] }).$in.length : 1,
    );
    expect(sizes).toEqual([500, 500, 201]);
  });
});
