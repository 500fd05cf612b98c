import "server-only";
import type { NextRequest } from "next/server";
import { db } from "@/lib/db/client";
import { principalFromHeaders } from "@/lib/auth/current";
import type { Principal } from "@/lib/auth/principal";
import { allowedHosts } from "@/lib/auth/hosts";
import { crossSiteRefusal, isAllowedHost, isStateChanging } from "@/lib/auth/request-guards";
import { roleAllows, type Access } from "@/lib/auth/roles";
import { ApiError } from "./handler";

// Who may call which API route. Every route declares the least role it needs; the door
// (handler.ts) asks authorize() before anything else runs. Roles grow in power:
// public (anyone, signed in or not: the health check) < viewer (reads the audit history)
// < uploader (adds CloudTrail files) < admin (settings, sources, users). docs/security.md has the matrix.

export type { Access };

/**
 * The caller, when the request may reach a route that needs `access`; throws ApiError 401 (nobody
 * signed in), 403 (a cross-site request riding a session cookie, or a role too low) otherwise.
 * A public route gets null.
 */
export async function authorize(request: NextRequest, access: Access): Promise<Principal | null> {
  // The proxy refuses other host names before any route runs, except on the routes it does not
  // reach (POST /api/ingest, see proxy.ts): checked here too, so no route answers them.
  if (!isAllowedHost(request.headers.get("host") ?? request.nextUrl.host, allowedHosts())) {
    throw new ApiError(421, "This server does not answer to that host name (CACHETRAIL_ALLOWED_HOSTS).");
  }
  // The health check answers without touching sessions, so a load balancer's probe never waits on them.
  if (access === "public") return null;
  const principal = await principalFromHeaders(db(), request.headers);
  if (!principal) {
    throw new ApiError(401, "Sign in first, or send an API token as “Authorization: Bearer <token>”.");
  }
  if (principal.via === "session" && isStateChanging(request.method)) {
    const refusal = crossSiteRefusal(request.headers, request.headers.get("host") ?? request.nextUrl.host);
    if (refusal) throw new ApiError(403, refusal);
  }
  if (!roleAllows(principal.role, access)) {
    throw new ApiError(
      403,
      `This needs the ${access} role; ${principal.email} is a${principal.role === "admin" ? "n" : ""} ${principal.role}.`,
    );
  }
  return principal;
}
