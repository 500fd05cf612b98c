import type { z } from "zod";

// APIs are strict, pages lenient: an API answers 400 for a bad parameter, while a page parses
// the same schema here, dropping each invalid parameter so a mangled shared link still opens
// with the rest of its view.

export interface IgnoredParameter {
  param: string;
  message: string;
}

/**
 * `fallback`: values a required parameter takes when the link's own is dropped (a page's default
 * range, say), so one bad parameter does not cost the others.
 */
export function parseLeniently<S extends z.ZodType>(
  schema: S,
  raw: Readonly<Record<string, unknown>>,
  fallback: Readonly<Record<string, unknown>> = {},
): { value: z.infer<S>; ignored: IgnoredParameter[] } {
  const input: Record<string, unknown> = { ...fallback, ...raw };
  const ignored: IgnoredParameter[] = [];
  for (;;) {
    const result = schema.safeParse(input);
    if (result.success) return { value: result.data, ignored };
    let dropped = false;
    for (const issue of result.error.issues) {
      const param = String(issue.path[0] ?? "");
      if (!Object.hasOwn(input, param)) continue;
      ignored.push({ param, message: issue.message });
      if (Object.hasOwn(fallback, param) && input[param] !== fallback[param]) input[param] = fallback[param];
      else delete input[param];
      dropped = true;
    }
    // An issue no parameter can be blamed for: the defaults.
    if (!dropped) return { value: schema.parse({}), ignored };
  }
}
