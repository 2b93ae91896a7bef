/** Ids per `$in` query: the embedded FerretDB answers up to 500 from its index. */
export const IDS_PER_QUERY = 500;

/** `list` cut into runs of at most `size` (for `$in` queries of IDS_PER_QUERY ids). */
export function chunks<T>(list: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}
