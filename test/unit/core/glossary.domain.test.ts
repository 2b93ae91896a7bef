import { describe, expect, it } from 'vitest';
import { count, plural, TERMS } from '../../../src/core/glossary.domain.js';

describe('glossary', () => {
  it('writes real plurals', () => {
    expect(plural(1, 'item')).toBe('1 item');
    expect(plural(0, 'item')).toBe('0 items');
    expect(plural(2, 'reply', 'replies')).toBe('2 replies');
    expect(count(3, TERMS.reminder)).toBe('3 reminders');
    expect(count(1, TERMS.gapClosureItem)).toBe('1 gap-closure item');
  });
});
