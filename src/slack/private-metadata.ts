/**
 * The one codec for a modal's `private_metadata`: JSON checked by a zod schema both ways. Slack echoes
 * the text back on every submission and action, so what comes back is as untrusted as any other input.
 */
import type { z } from 'zod';

/** Slack refuses a view whose private_metadata is longer than this (views.open / views.update: private_metadata max 3,000 characters). */
export const PRIVATE_METADATA_MAX_LENGTH = 3000;

/**
 * The metadata text for `value`, checked against `schema` first.
 * @throws ZodError when `value` does not fit the schema; RangeError when the text exceeds Slack's limit.
 */
export function encodeMetadata<S extends z.ZodType>(schema: S, value: z.input<S>): string {
  const text = JSON.stringify(schema.parse(value));
  if (text.length > PRIVATE_METADATA_MAX_LENGTH) {
    throw new RangeError(
      `private_metadata is ${text.length} characters; Slack allows at most ${PRIVATE_METADATA_MAX_LENGTH}`,
    );
  }
  return text;
}

/** The metadata a view carries, or null when it is missing, not JSON, or not of the schema's shape. */
export function decodeMetadata<S extends z.ZodType>(schema: S, text: string | undefined | null): z.output<S> | null {
  if (!text) return null;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // Not JSON: a form from an older release or tampered text; the caller says the form is out of date.
    return null;
  }
  const parsed = schema.safeParse(json);
  return parsed.success ? parsed.data : null;
}
