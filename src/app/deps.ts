import type { Composed } from './composed.js';

/**
 * The composed app as listeners still take it (register-listeners.ts passes it whole). Jobs no longer
 * see it: src/app/job-registry.ts gives each job only what it uses. New code takes named services.
 */
export type Deps = Composed;
