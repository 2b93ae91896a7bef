import { Types } from 'mongoose';

/** Turns a lean mongoose document into a plain entity with a string `id` instead of `_id`. */
export function toEntity<T extends { id: string }>(doc: unknown): T {
  const { _id, __v: _v, ...rest } = doc as { _id: unknown; __v?: unknown };
  return { ...rest, id: String(_id) } as unknown as T;
}

/** Parses an id from Slack (button value, metadata); an unparseable one matches nothing. */
export function toObjectId(id: string): Types.ObjectId | null {
  return Types.ObjectId.isValid(id) && /^[a-f0-9]{24}$/i.test(id) ? new Types.ObjectId(id) : null;
}

export const isDuplicateKeyError = (e: unknown): boolean => (e as { code?: number })?.code === 11000;
