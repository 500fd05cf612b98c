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

/** Any other request (POST with a streamed body…) through a real route module. */
export function send(
  handler: RouteHandler,
  path: string,
  init: ConstructorParameters<typeof NextRequest>[1],
  params: RouteParams = {},
): Promise<Response> {
  return handler(new NextRequest(`http://localhost${path}`, init), { params: Promise.resolve(params) });
}
