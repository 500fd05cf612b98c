import { NextResponse, type NextRequest } from "next/server";
import { db } from "@/lib/db/client";
import { contentSecurityPolicy } from "@/lib/auth/csp";
import { principalFromHeaders } from "@/lib/auth/current";
import { allowedHosts } from "@/lib/auth/hosts";
import { pageAccess } from "@/lib/auth/page-access";
import { isAllowedHost } from "@/lib/auth/request-guards";
import { roleAllows } from "@/lib/auth/roles";
import { SETUP_PATH, SIGN_IN_PATH, signInUrl } from "@/lib/auth/urls";
import { hasAnyUser } from "@/lib/auth/first-run";

// Runs before every page and API request (Node.js runtime): refuses host names we do not serve (DNS
// rebinding), sends a fresh CSP nonce, and keeps pages to signed-in people with the role they need —
// signed-out visitors go to sign-in and come back to the exact URL. API routes check their own
// `access` in lib/api/authorize.ts (the same principal), so they answer 401/403 JSON, not redirects.

export async function proxy(request: NextRequest): Promise<NextResponse> {
  if (!isAllowedHost(request.headers.get("host"), allowedHosts())) {
    return new NextResponse("This server does not answer to that host name (CACHETRAIL_ALLOWED_HOSTS).", {
      status: 421,
      headers: { "content-type": "text/plain; charset=utf-8" },
    });
  }
  const path = request.nextUrl.pathname;
  if (path.startsWith("/api/")) return NextResponse.next();

  const prisma = db();
  const wanted = `${path}${request.nextUrl.search}`;
  const firstRun = !(await hasAnyUser(prisma));
  if (firstRun && path !== SETUP_PATH) return NextResponse.redirect(new URL(SETUP_PATH, request.url));
  const access = pageAccess(path);
  if (access !== "public") {
    const principal = await principalFromHeaders(prisma, request.headers);
    if (!principal) return NextResponse.redirect(new URL(signInUrl(wanted), request.url));
    if (!roleAllows(principal.role, access)) {
      return new NextResponse(`This page needs the ${access} role; ${principal.email} is a ${principal.role}.`, {
        status: 403,
        headers: { "content-type": "text/plain; charset=utf-8" },
      });
    }
  } else if (path === SIGN_IN_PATH || path === SETUP_PATH) {
    // Nothing to do here for whoever is signed in already; the setup page is gone once an admin exists.
    if (path === SETUP_PATH && !firstRun) return NextResponse.redirect(new URL(SIGN_IN_PATH, request.url));
  }

  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const csp = contentSecurityPolicy(nonce, process.env.NODE_ENV === "development");
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("content-security-policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("content-security-policy", csp);
  return response;
}

export const config = {
  // Static build files and the icon are the same for everyone.
  matcher: ["/((?!_next/static|_next/image|favicon.svg).*)"],
};
