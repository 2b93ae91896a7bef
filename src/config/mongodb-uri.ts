import { MongoClient } from 'mongodb';

/** What MONGODB_URI should look like, for the start-up message. */
export const MONGODB_URI_FORMS =
  'mongodb://[user:password@]host[:port][,host…][/database][?options] or mongodb+srv://[user:password@]host[/database][?options]';

/** `user:password` of a MongoDB URI: everything between the scheme and the last `@` of the authority. */
const USERINFO = /^(mongodb(?:\+srv)?:\/\/)([^/?#]*)@/i;

/**
 * Why the driver would refuse this URI, or undefined when it accepts it. The driver's own parser (a
 * MongoClient that is constructed, never connected: no network, no timers) so the check is exactly the
 * one connect would make, minutes later and naming no setting.
 */
export function mongodbUriProblem(uri: string): string | undefined {
  if (!/^mongodb(\+srv)?:\/\//i.test(uri)) return 'the scheme must be mongodb:// or mongodb+srv://';
  try {
    new MongoClient(uri);
    return undefined;
  } catch (error) {
    return maskUriPassword((error as Error).message);
  }
}

/** The URI with its password shown as `…`, safe to print. */
export function maskUriPassword(text: string): string {
  return text.replace(/(mongodb(?:\+srv)?:\/\/[^:/?#@\s]*:)[^@\s]*@/gi, '$1…@');
}

/** The password as written in the URI and percent-decoded (the driver sends the decoded one). */
export function uriPasswords(uri: string): string[] {
  const userinfo = USERINFO.exec(uri)?.[2];
  const colon = userinfo?.indexOf(':') ?? -1;
  if (!userinfo || colon < 0) return [];
  const written = userinfo.slice(colon + 1);
  const decoded = decodeOrSelf(written);
  return decoded === written ? [written] : [written, decoded];
}

function decodeOrSelf(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    // A stray `%`: the driver refuses such a URI at start-up, and the written form is still scrubbed.
    return text;
  }
}
