import "server-only";
import type { NextRequest } from "next/server";

// Who may call which API route. Every route declares the least role it needs; the door
// (handler.ts) asks authorize() before anything else runs. Roles grow in power:
// public (anyone, signed in or not: the health check) < viewer (reads the audit history)
// < uploader (adds CloudTrail files) < admin (settings, sources, users).

/** In order of power: each role may call what the ones before it may. */
export type Access = "public" | "viewer" | "uploader" | "admin";

/**
 * Throws ApiError(401/403) when the request may not reach a route that needs `access`.
 * Today there is no sign-in and everyone is admitted: the sign-in issue fills this in
 * (session or API token → role, compared in Access's order).
 */
export async function authorize(request: NextRequest, access: Access): Promise<void> {
  void request;
  void access;
}
