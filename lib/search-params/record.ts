// URL search parameters as the plain object every zod schema of the app parses, on the server
// (pages, the API door) and in the browser alike.

/** Repeated keys (?name=a&name=b) become arrays; single keys stay strings. */
export function searchParamsRecord(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    out[key] = values.length > 1 ? values : (values[0] ?? "");
  }
  return out;
}
