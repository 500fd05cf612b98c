import "server-only";
import type { z } from "zod";
import { ApiError, describeZodError } from "./handler";

// JSON request bodies, checked with a zod schema like the query string and the path: anything
// else (not JSON, a wrong or unknown field, too large) is a 400 that names the problem.

const MAX_BODY_BYTES = 64 * 1024;

export async function parseJsonBody<S extends z.ZodType>(request: Request, schema: S): Promise<z.infer<S>> {
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES)
    throw new ApiError(413, `The body is larger than ${MAX_BODY_BYTES} bytes.`);
  let value: unknown;
  try {
    value = text.trim() === "" ? {} : JSON.parse(text);
  } catch {
    throw new ApiError(400, "Invalid body: not JSON.");
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ApiError(400, `Invalid body: ${describeZodError(parsed.error)}`);
  return parsed.data;
}
