import { NextRequest } from "next/server";

type RouteParams = Record<string, string | string[]>;
type RouteHandler = (request: NextRequest, context: { params: Promise<RouteParams> }) => Promise<Response>;

/** A GET through a real route module (app/api/**\/route.ts), as Next.js would make it. */
export function get(
  handler: RouteHandler,
  path: string,
  params: RouteParams = {},
  headers?: Record<string, string>,
): Promise<Response> {
  return handler(new NextRequest(`http://localhost${path}`, { headers }), { params: Promise.resolve(params) });
}

export interface ProblemBody {
  error: { status: number; message: string; requestId: string; details?: unknown };
}
