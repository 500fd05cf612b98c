import { z } from "zod";
import { problemBodySchema } from "./problem";

// The browser's one way to read the API (react-query fetchers call it). Client-safe: no
// server-only imports. Every answer is checked with the zod schema the server built it from,
// so a client never renders a shape it was not written for; a failure carries the API's own
// message (a 400 names the parameter) and the request id that finds it in the server log.

export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly requestId?: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = "ApiRequestError";
  }
}

export async function fetchJson<S extends z.ZodType>(
  url: string,
  schema: S,
  {
    signal,
    method = "GET",
    json,
  }: { signal?: AbortSignal; method?: "GET" | "POST" | "PATCH" | "DELETE"; json?: unknown } = {},
): Promise<z.infer<S>> {
  const response = await fetch(url, {
    method,
    signal,
    headers: { accept: "application/json", ...(json === undefined ? {} : { "content-type": "application/json" }) },
    body: json === undefined ? undefined : JSON.stringify(json),
  });
  // 204 No Content (a removal) has no body to parse: the schema is then z.null().
  const body: unknown = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) {
    const problem = problemBodySchema.safeParse(body);
    if (problem.success) {
      const { message, requestId } = problem.data.error;
      throw new ApiRequestError(response.status, message, requestId);
    }
    throw new ApiRequestError(response.status, `The server answered ${response.status}.`);
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? ` at ${issue.path.join(".")}` : "";
    throw new ApiRequestError(
      response.status,
      `The server's answer was not what this page expects${where}.`,
      undefined,
      {
        cause: parsed.error,
      },
    );
  }
  return parsed.data;
}

/** An error as the page shows it: the message, and the request id to quote when reporting it. */
export function describeError(error: Error): string {
  return error instanceof ApiRequestError && error.requestId
    ? `${error.message} (request ${error.requestId})`
    : error.message;
}
