import { describe, expect, it } from 'vitest';
import { header, plain } from '../../../src/slack/blocks.js';

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
