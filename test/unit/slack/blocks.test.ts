import { describe, expect, it } from 'vitest';
import { header, link, plain } from '../../../src/slack/blocks.js';

describe('plain_text builders', () => {
  // Slack parses no mentions or links in plain_text, and shows an entity such as &lt; literally there,
  // so user text goes in as typed: only mrkdwn (sections, context, the message text) is escaped.
  it('a header shows a hostile pilot name exactly as typed', () => {
    expect(header('Gate review: <!channel> Ops').text).toEqual({
      type: 'plain_text',
      text: 'Gate review: <!channel> Ops',
      emoji: true,
    });
    expect(plain('A & B').text).toBe('A & B');
  });
});

describe('link', () => {
  it('reads as the text escaped, and keeps the whole address inside the link', () => {
    expect(link('https://bi.example.com/kpi?q=1&r=2', 'Q1 <!channel> & KPIs')).toBe(
      '<https://bi.example.com/kpi?q=1&amp;r=2|Q1 &lt;!channel&gt; &amp; KPIs>',
    );
    // A `|` or `>` in the address would end it early and show the rest as text.
    expect(link('https://x.example/a|b>c<d', 'x')).toBe('<https://x.example/a%7Cb%3Ec%3Cd|x>');
  });
});
