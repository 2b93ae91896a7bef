import { describe, expect, it } from 'vitest';
import {
  fallback,
  fallbackPart,
  joinParts,
  NOTIFICATION_MAX,
  notificationText,
  roomAfter,
  userRef,
} from '../../../src/slack/fallback-text.js';

describe('fallback', () => {
  it('escapes &, < and > in every interpolated value and keeps the literal words', () => {
    const name = '<!channel> & <https://evil.example|click me>';
    expect(fallback`Gate review of ${name}: ${3}/5 signals.`).toBe(
      'Gate review of &lt;!channel&gt; &amp; &lt;https://evil.example|click me&gt;: 3/5 signals.',
    );
  });

  it('escapes a value that looks like a mention; only userRef makes one', () => {
    expect(fallback`${'<@U0SPONSOR>'} and ${userRef('U0SPONSOR')}`).toBe('&lt;@U0SPONSOR&gt; and <@U0SPONSOR>');
  });

  it('never makes a mention out of something that is not a Slack id', () => {
    expect(fallback`${userRef('!channel')} ${userRef('U1> <!here')}`).toBe('!channel U1&gt; &lt;!here');
  });

  it('escapes a part once: parts go into a fallback without being escaped again', () => {
    const parts = ['A & B', '<!here>'].map((n) => fallbackPart`${n} (${userRef('U0OWNER')})`);
    expect(fallback`Pilots: ${joinParts(parts, '; ')}.`).toBe(
      'Pilots: A &amp; B (<@U0OWNER>); &lt;!here&gt; (<@U0OWNER>).',
    );
  });

  it('joins plain strings escaping each, and escapes the separator too', () => {
    expect(joinParts(['<a>', 'b'], ' & ').text).toBe('&lt;a&gt; &amp; b');
  });

  it('gives the same text for a value without special characters', () => {
    expect(fallback`Reminder: ${'Invoice triage'} is waiting (since ${'Wed 25 Nov'}).`).toBe(
      'Reminder: Invoice triage is waiting (since Wed 25 Nov).',
    );
  });
});

describe('notificationText', () => {
  it('keeps the head and adds each tail that still fits, in order', () => {
    const head = 'x'.repeat(120);
    expect(notificationText(head, ' fits.', ' '.padEnd(30, 'y'), ' also.')).toBe(`${head} fits. also.`);
    expect(notificationText(head, ' fits.', ' also.').length).toBeLessThanOrEqual(NOTIFICATION_MAX);
  });

  it('skips empty tails and tells the room left', () => {
    expect(notificationText('News', null, undefined, '', '.')).toBe('News.');
    expect(roomAfter('x'.repeat(100))).toBe(NOTIFICATION_MAX - 100);
  });
});
