// URL search parameters as the plain object every zod schema of the app parses, on the server
// (pages, the API door) and in the browser alike.

/** Repeated keys (?name=a&name=b) become arrays; single keys stay strings. */
export function searchParamsRecord(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    // Defined, not assigned: `out["__proto__"] = …` would set the prototype, and the key would
    // vanish instead of being refused as unknown.
    Object.defineProperty(out, key, {
      value: values.length > 1 ? values : (values[0] ?? ""),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}
