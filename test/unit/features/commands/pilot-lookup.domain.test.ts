import { describe, expect, it } from 'vitest';
import { editDistance, matchPilotName } from '../../../../src/features/commands/pilot-lookup.domain.js';
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
});
