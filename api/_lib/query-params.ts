/**
 * The URL's query as a record for a schema: a repeated parameter becomes an array, so a
 * schema that expects one string refuses it by name rather than the edge picking the first
 * or the last. Built with `Object.fromEntries`, so even `?__proto__=…` is an own key that a
 * strict schema reports.
 */
export function queryParams(request: Request): Record<string, string | string[]> {
  const search = new URL(request.url).searchParams;
  return Object.fromEntries(
    [...new Set(search.keys())].map((key) => {
      const values = search.getAll(key);
      return [key, values.length === 1 ? values[0]! : values];
    }),
  );
}
