import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ObjectIdText } from '../../../src/core/ids.js';
import { decodeMetadata, encodeMetadata, PRIVATE_METADATA_MAX_LENGTH } from '../../../src/slack/private-metadata.js';

const Meta = z.object({ reviewId: ObjectIdText, round: z.number().int().min(1) });
const id = '65a1b2c3d4e5f60718293a4b';

describe('private_metadata codec', () => {
  it('round-trips a value through its schema', () => {
    const text = encodeMetadata(Meta, { reviewId: id, round: 2 });
    expect(JSON.parse(text)).toEqual({ reviewId: id, round: 2 });
    expect(decodeMetadata(Meta, text)).toEqual({ reviewId: id, round: 2 });
  });

  it('refuses to encode text longer than Slack allows, naming the limit', () => {
    const Long = z.object({ note: z.string() });
    const note = 'x'.repeat(PRIVATE_METADATA_MAX_LENGTH);
    expect(() => encodeMetadata(Long, { note })).toThrow(/at most 3000/);
    expect(() => encodeMetadata(Long, { note: 'x'.repeat(PRIVATE_METADATA_MAX_LENGTH - 20) })).not.toThrow();
  });

  it('refuses to encode a value of the wrong shape', () => {
    expect(() => encodeMetadata(Meta, { reviewId: 'nope', round: 1 })).toThrow();
  });

  it('decodes missing text or text that is not JSON to null', () => {
    expect(decodeMetadata(Meta, undefined)).toBeNull();
    expect(decodeMetadata(Meta, '')).toBeNull();
    expect(decodeMetadata(Meta, '{"reviewId":')).toBeNull();
  });

  it('decodes JSON of the wrong shape to null', () => {
    expect(decodeMetadata(Meta, JSON.stringify({ reviewId: id }))).toBeNull();
    expect(decodeMetadata(Meta, JSON.stringify({ reviewId: 'zz', round: 1 }))).toBeNull();
    expect(decodeMetadata(Meta, '[]')).toBeNull();
  });
});

describe('ObjectIdText', () => {
  it('accepts 24 hex digits in either case and nothing else', () => {
    expect(ObjectIdText.safeParse(id).success).toBe(true);
    expect(ObjectIdText.safeParse(id.toUpperCase()).success).toBe(true);
    expect(ObjectIdText.safeParse(`${id}0`).success).toBe(false);
    expect(ObjectIdText.safeParse('g'.repeat(24)).success).toBe(false);
  });
});
