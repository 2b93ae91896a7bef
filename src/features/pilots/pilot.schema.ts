import { z } from 'zod';

/** The registration modal's private_metadata: the channel `/gate start` was run in. */
export const RegisterMetadata = z.object({ channelId: z.string().min(1) });
export type RegisterMetadata = z.infer<typeof RegisterMetadata>;
