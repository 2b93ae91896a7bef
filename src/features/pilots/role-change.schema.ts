import { z } from 'zod';
import { ROLE_IDS } from '../../core/catalog.domain.js';
import { ObjectIdText } from '../../core/ids.js';

/**
 * The roles modal's private_metadata: the review it was opened for and the holders it showed, which the
 * change is a compare-and-set on (a change landing meanwhile refuses this one). Checked again on the
 * server, whatever this says.
 */
export const RoleChangeMetadata = z.object({
  reviewId: ObjectIdText,
  shown: z.object(
    Object.fromEntries(ROLE_IDS.map((r) => [r, z.string().min(1)])) as Record<(typeof ROLE_IDS)[number], z.ZodString>,
  ),
});
export type RoleChangeMetadata = z.infer<typeof RoleChangeMetadata>;
