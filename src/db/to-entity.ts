import { type Model, Types } from 'mongoose';
import type { z } from 'zod';

/** A model whose documents the owning repository reads and checks itself (see toEntity). */
export type AnyModel = Model<unknown>;

/**
 * Turns a lean mongoose document into a checked entity with a string `id` instead of `_id`: the
 * `schema` validates what the database returned, so a stored document of the wrong shape fails
 * here, naming the field, instead of travelling on under a type it does not have.
 */
export function toEntity<T extends { id: string }>(doc: unknown, schema: z.ZodType<T>): T {
  const { _id, __v: _v, ...rest } = doc as { _id: unknown; __v?: unknown };
  return schema.parse({ ...rest, id: String(_id) });
}

/** Parses an id from Slack (button value, metadata); an unparseable one matches nothing. */
export function toObjectId(id: string): Types.ObjectId | null {
  return Types.ObjectId.isValid(id) && /^[a-f0-9]{24}$/i.test(id) ? new Types.ObjectId(id) : null;
}

export const isDuplicateKeyError = (e: unknown): boolean => (e as { code?: number })?.code === 11000;
