/**
 * Ids as they travel through Slack (button values, private_metadata): a MongoDB ObjectId in hex.
 * One schema for every surface, so a value that one listener accepts no other one refuses.
 */
import { z } from 'zod';

/** 24 hex digits, either case (ObjectId's own `toHexString()` writes lower case). */
export const OBJECT_ID_PATTERN = /^[a-f0-9]{24}$/i;

export const ObjectIdText = z.string().regex(OBJECT_ID_PATTERN, 'not an id');
export type ObjectIdText = z.infer<typeof ObjectIdText>;
