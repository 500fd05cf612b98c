import { NextRequest } from "next/server";
import { createApiToken } from "@/lib/auth/tokens";
import type { Role } from "@/lib/auth/roles";
import { createUser } from "@/lib/auth/users";
import { db } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/generated/prisma/client";

type RouteParams = Record<string, string | string[]>;
type RouteHandler = (request: NextRequest, context: { params: Promise<RouteParams> }) => Promise<Response>;

// Route modules are called as Next.js would call them, signed in by default: each test database
// (the one setClientForTests pointed db() at) gets a user per role with an API token, made on first use.

const tokens = new WeakMap<PrismaClient, Map<Role, Promise<string>>>();

/** A bearer token of a `role` user in the database db() points at (created once per database). */
export function testToken(role: Role = "admin", prisma: PrismaClient = db()): Promise<string> {
  let byRole = tokens.get(prisma);
  if (!byRole) tokens.set(prisma, (byRole = new Map()));
  let token = byRole.get(role);
  if (!token) {
    token = (async () => {
      const user = await createUser(prisma, { email: `test-${role}@cachetrail.test`, role });
      return (await createApiToken(prisma, { id: user.id, role }, { name: "tests" })).token;
    })();
    byRole.set(role, token);
  }
  return token;
}

/** Authorization headers of a `role` user, to merge into a request a test builds itself. */
export async function authHeaders(role: Role = "admin"): Promise<Record<string, string>> {
  return { authorization: `Bearer ${await testToken(role)}` };
}

export interface CallOptions {
  /** Who calls: a role (signed in with that role's token, admin by default) or nobody. */
  as?: Role | "anonymous";
  headers?: Record<string, string>;
  body?: BodyInit;
}

/** Any method through a real route module (app/api/**\/route.ts). */
export async function call(
  handler: RouteHandler,
  method: string,
  path: string,
  params: RouteParams = {},
  { as = "admin", headers, body }: CallOptions = {},
): Promise<Response> {
  // A test that brings its own credentials (made beforehand, on another client) keeps them.
  const auth = as === "anonymous" || headers?.authorization ? {} : await authHeaders(as);
  const request = new NextRequest(`http://localhost${path}`, {
    method,
    headers: { ...auth, ...headers },
    ...(body === undefined ? {} : { body, duplex: "half" }),
  });
  return handler(request, { params: Promise.resolve(params) });
}

/** A GET through a real route module (app/api/**\/route.ts), as Next.js would make it, signed in as an admin. */
export function get(
  handler: RouteHandler,
  path: string,
  params: RouteParams = {},
  headers?: Record<string, string>,
): Promise<Response> {
  return call(handler, "GET", path, params, { headers });
}

/** Any other request (POST with a streamed body…) through a real route module, signed in as an admin. */
export async function send(
  handler: RouteHandler,
  path: string,
  init: ConstructorParameters<typeof NextRequest>[1],
  params: RouteParams = {},
): Promise<Response> {
  const headers = new Headers(init?.headers);
  if (!headers.has("authorization")) headers.set("authorization", `Bearer ${await testToken()}`);
  return handler(new NextRequest(`http://localhost${path}`, { ...init, headers }), { params: Promise.resolve(params) });
}
