import "server-only";
import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";

// The one door of every API route: validates the query string and route params with zod,
// and turns every failure into a JSON problem response (never a stack trace).
// Sign-in and API tokens will be checked here too.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export function problem(status: number, message: string, details?: unknown): NextResponse {
  return NextResponse.json({ error: { status, message, ...(details === undefined ? {} : { details }) } }, { status });
}

export function describeZodError(error: z.ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message))
    .join("; ");
}

type Params = Record<string, string | string[]>;

export function apiRoute<
  Q extends z.ZodType = z.ZodType<Record<string, never>>,
  P extends z.ZodType = z.ZodType<Params>,
>(
  options: { query?: Q; params?: P },
  handler: (input: { request: NextRequest; query: z.infer<Q>; params: z.infer<P> }) => Promise<Response>,
) {
  return async (request: NextRequest, context: { params: Promise<Params> }): Promise<Response> => {
    try {
      const rawQuery = searchParamsToObject(request.nextUrl.searchParams);
      const query = options.query ? options.query.safeParse(rawQuery) : { success: true as const, data: {} };
      if (!query.success) return problem(400, `Invalid query: ${describeZodError(query.error)}`);
      const rawParams = (await context.params) ?? {};
      const params = options.params ? options.params.safeParse(rawParams) : { success: true as const, data: rawParams };
      if (!params.success) return problem(400, `Invalid path: ${describeZodError(params.error)}`);
      return await handler({ request, query: query.data as z.infer<Q>, params: params.data as z.infer<P> });
    } catch (error) {
      if (error instanceof ApiError) return problem(error.status, error.message, error.details);
      console.error(`${request.method} ${request.nextUrl.pathname} failed:`, error);
      return problem(500, "Internal error — the server log has the details.");
    }
  };
}

/** Repeated keys (?name=a&name=b) become arrays; single keys stay strings. */
export function searchParamsToObject(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    out[key] = values.length > 1 ? values : (values[0] ?? "");
  }
  return out;
}
