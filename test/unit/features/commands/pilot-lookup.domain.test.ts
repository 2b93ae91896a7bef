import { describe, expect, it } from 'vitest';
import { editDistance, matchPilotName, QUERY_MAX } from '../../../../src/features/commands/pilot-lookup.domain.js';
import { pilotNameKey } from '../../../../src/features/pilots/pilot.domain.js';

const pilot = (name: string) => ({ name, nameKey: pilotNameKey(name) });
const pilots = [pilot('Invoice triage assistant'), pilot('Claims summariser'), pilot('Churn predictor')];

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['abc', 'abc', 0],
    ['abc', 'abd', 1],
    ['kitten', 'sitting', 3],
    ['', 'abc', 3],
  ])('%s → %s is %i', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
  });
});

describe('matchPilotName', () => {
  it('finds a pilot whatever the case and spacing', () => {
    expect(matchPilotName('  INVOICE   triage Assistant ', pilots)).toEqual({ kind: 'found', pilot: pilots[0] });
  });

  it('suggests names within a few typos, closest first', () => {
    const match = matchPilotName('Claims sumariser', pilots);
    expect(match).toEqual({ kind: 'not_found', query: 'Claims sumariser', suggestions: [pilots[1]] });
  });

  it('suggests names that contain the query', () => {
    const match = matchPilotName('triage', pilots);
    expect(match.kind === 'not_found' && match.suggestions.map((p) => p.name)).toEqual(['Invoice triage assistant']);
  });

  it('suggests nothing for an unrelated name', () => {
    expect(matchPilotName('Payroll bot', pilots)).toEqual({ kind: 'not_found', query: 'Payroll bot', suggestions: [] });
  });

  it('never suggests more than three', () => {
    const many = ['Bot a', 'Bot b', 'Bot c', 'Bot d'].map(pilot);
    const match = matchPilotName('Bot x', many);
    expect(match.kind === 'not_found' && match.suggestions).toHaveLength(3);
  });

  it('clips a huge query before fuzzy matching, so the work stays bounded', () => {
    const huge = `Claims sumariser${' and more words'.repeat(2_000)}`;
    const match = matchPilotName(huge, pilots);
    expect(QUERY_MAX).toBe(80);
    expect(match.kind === 'not_found' && match.query).toBe(huge.slice(0, QUERY_MAX).trim());
  });

  it('a query longer than any name is never taken for one, but may suggest the name it starts with', () => {
    const long = pilot('A'.repeat(80));
    expect(matchPilotName(`${'a'.repeat(80)}${'b'.repeat(5_000)}`, [long])).toMatchObject({
      kind: 'not_found',
      suggestions: [long],
    });
    expect(matchPilotName('a'.repeat(80), [long])).toEqual({ kind: 'found', pilot: long });
  });
});
