import "server-only";
import { randomUUID } from "node:crypto";
import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import { logger, type Logger } from "@/lib/log/logger";
import { isDatabaseUnavailable, UNAVAILABLE_MESSAGE, UNAVAILABLE_RETRY_AFTER_SECONDS } from "@/lib/db/unavailable";
import { searchParamsRecord } from "@/lib/search-params/record";
import type { Principal } from "@/lib/auth/principal";
import { authorize, type Access } from "./authorize";
import type { Problem, ProblemBody } from "./problem";

// The one door of every API route, in this order: a request id (echoed in the x-request-id
// header and in every problem response, so a user's report finds the server's log line), the
// sign-in check for the route's declared access, zod validation of the query string and route
// params, then the handler — and every failure turned into a JSON problem response, never a
// stack trace.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details?: unknown,
    /** Extra response headers, such as Retry-After on a 429 or 503. */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

const REQUEST_ID_HEADER = "x-request-id";

/** An id a proxy or client chose is kept when it is short and plain enough to log and echo. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

function requestIdOf(request: Request): string {
  const incoming = request.headers.get(REQUEST_ID_HEADER);
  return incoming && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

export function problem(
  status: number,
  message: string,
  details?: unknown,
  requestId?: string,
  extraHeaders?: Record<string, string>,
): NextResponse {
  const error: Problem = {
    status,
    message,
    ...(requestId === undefined ? {} : { requestId }),
    ...(details === undefined ? {} : { details }),
  };
  return NextResponse.json({ error } satisfies ProblemBody, {
    status,
    headers: { ...extraHeaders, ...(requestId === undefined ? {} : { [REQUEST_ID_HEADER]: requestId }) },
  });
}

export function describeZodError(error: z.ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message))
    .join("; ");
}

type Params = Record<string, string | string[]>;

/** A route that declares no query takes none: any key (`?__proto__=`, a typo) is a 400, not ignored. */
const NO_QUERY = z.strictObject({});

export interface RouteOptions<Q extends z.ZodType, P extends z.ZodType> {
  /** The least role that may call the route: every route says so, none is open by accident. */
  access: Access;
  query?: Q;
  params?: P;
}

export interface RouteInput<Q, P> {
  request: NextRequest;
  query: Q;
  params: P;
  requestId: string;
  /** The server log, with this request's id on every line. */
  log: Logger;
  /** Who is calling (null only on public routes called by nobody signed in). */
  principal: Principal | null;
}

export function apiRoute<
  Q extends z.ZodType = z.ZodType<Record<string, never>>,
  P extends z.ZodType = z.ZodType<Params>,
>(options: RouteOptions<Q, P>, handler: (input: RouteInput<z.infer<Q>, z.infer<P>>) => Promise<Response>) {
  // The declared access rides along on the handler, so tests can read every route's role matrix.
  const route = async (request: NextRequest, context: { params: Promise<Params> }): Promise<Response> => {
    const requestId = requestIdOf(request);
    const log = logger.child({ requestId, method: request.method, path: request.nextUrl.pathname });
    try {
      const principal = await authorize(request, options.access);
      const rawQuery = searchParamsRecord(request.nextUrl.searchParams);
      const query = (options.query ?? NO_QUERY).safeParse(rawQuery);
      if (!query.success) return problem(400, `Invalid query: ${describeZodError(query.error)}`, undefined, requestId);
      const rawParams = (await context.params) ?? {};
      const params = options.params ? options.params.safeParse(rawParams) : { success: true as const, data: rawParams };
      if (!params.success) return problem(400, `Invalid path: ${describeZodError(params.error)}`, undefined, requestId);
      const response = await handler({
        request,
        query: query.data as z.infer<Q>,
        params: params.data as z.infer<P>,
        requestId,
        log,
        principal,
      });
      return withRequestId(response, requestId);
    } catch (error) {
      if (error instanceof ApiError)
        return problem(error.status, error.message, error.details, requestId, error.headers);
      if (isDatabaseUnavailable(error)) {
        log.warn({ err: error }, "The database could not answer in time");
        return problem(503, UNAVAILABLE_MESSAGE, undefined, requestId, {
          "retry-after": String(UNAVAILABLE_RETRY_AFTER_SECONDS),
        });
      }
      log.error({ err: error }, "API request failed");
      return problem(500, "Internal error — the server log has the details.", undefined, requestId);
    }
  };
  return Object.assign(route, { access: options.access });
}

/** Some responses (a fetch's, a redirect's) have immutable headers: those are copied. */
function withRequestId(response: Response, requestId: string): Response {
  try {
    response.headers.set(REQUEST_ID_HEADER, requestId);
    return response;
  } catch {
    const headers = new Headers(response.headers);
    headers.set(REQUEST_ID_HEADER, requestId);
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  }
}
