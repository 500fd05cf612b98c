import { authRouteHandlers } from "@/lib/auth/auth-route";

// better-auth's endpoints: sign-in, sign-out, sessions, OpenID Connect. Public by nature (they are how
// one signs in); lib/auth/auth-route.ts adds the sign-in limits and the audit log around them.
export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const { GET, POST } = authRouteHandlers;
