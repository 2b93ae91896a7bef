import { z } from 'zod';
import { ObjectIdText } from '../../core/ids.js';

/** The delete confirmation's private_metadata: only the pilot id; everything else is re-read on submit. */
export const PilotDeleteMetadata = z.object({ pilotId: ObjectIdText });
export type PilotDeleteMetadata = z.infer<typeof PilotDeleteMetadata>;
