import { z } from 'zod';
import { ROLE_IDS, type RoleId } from '../../core/catalog.domain.js';
import { OBJECT_ID_PATTERN } from '../../core/ids.js';

/** What *Still true* carries: the review, the role, and the confirmation it re-stamps (its time in ms). */
export interface ReconfirmToken {
  reviewId: string;
  role: RoleId;
  confirmedAtMs: number;
}

export const encodeReconfirmToken = (t: ReconfirmToken): string => `${t.reviewId}.${t.role}.${t.confirmedAtMs}`;

const TOKEN = /^([^.]+)\.([a-z_]+)\.(\d{1,16})$/;

/** The button's value read back; anything else (an old or tampered button) fails to parse. */
export const ReconfirmTokenText = z
  .string()
  .regex(TOKEN)
  .transform((text, ctx): ReconfirmToken => {
    const [, reviewId = '', role = '', ms = ''] = TOKEN.exec(text) ?? [];
    if (!OBJECT_ID_PATTERN.test(reviewId) || !ROLE_IDS.includes(role as RoleId)) {
      ctx.addIssue({ code: 'custom', message: 'not a review and role' });
      return z.NEVER;
    }
    return { reviewId, role: role as RoleId, confirmedAtMs: Number(ms) };
  });
