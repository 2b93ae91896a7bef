import { describe, expect, it } from 'vitest';
import { evidenceLines } from '../../../../src/features/reviews/evidence.views.js';
import type { SignalEvidence } from '../../../../src/features/reviews/signal-evidence.domain.js';

const item = (i: number, url = `https://wiki.example.com/${i}`): SignalEvidence => ({
  kind: i % 2 ? 'file' : 'link',
  title: `Report <${i}> & notes`,
  url,
  roles: ['operational_lead'],
});

describe('evidence lines', () => {
  it('one linked line per item, escaped, with who attached it', () => {
    expect(evidenceLines([item(0), item(1)], 3000)).toBe(
      [
        '🔗 <https://wiki.example.com/0|Report &lt;0&gt; &amp; notes> — Ops',
        '📄 <https://wiki.example.com/1|Report &lt;1&gt; &amp; notes> — Ops',
      ].join('\n'),
    );
  });

  it('an address too long for the room leaves the title, and what does not fit at all is counted', () => {
    const long = item(0, `https://wiki.example.com/${'x'.repeat(400)}`);
    const lines = evidenceLines([long, item(2), item(4)], 120).split('\n');
    expect(lines[0]).toBe('🔗 Report &lt;0&gt; &amp; notes — Ops');
    expect(lines.at(-1)).toMatch(/^_…and \d more: `\/gate export` lists every item\._$/);
    expect(lines.join('\n').length).toBeLessThanOrEqual(120);
  });

  it('nothing for no items', () => {
    expect(evidenceLines([], 3000)).toBe('');
  });
});
