import { z } from 'zod';
import { ObjectIdText } from '../../core/ids.js';

/** The plan modal's private_metadata: the review whose plan it shows. */
export const PlanMetadata = z.object({ reviewId: ObjectIdText });
export type PlanMetadata = z.infer<typeof PlanMetadata>;
