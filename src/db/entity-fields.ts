import { z } from 'zod';

/**
 * Field checks shared by the entity schemas of the repositories. A field mongoose stores as Mixed or as a
 * free-form subdocument is checked for being an object (its shape is the owner repository's own writes).
 */
export const storedObject = <T>() =>
  z.custom<T>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), 'expected a stored object');

/** An array of stored objects (see storedObject). */
export const storedObjects = <T>() => z.array(storedObject<T>());
