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

/** A page the role may not open: 403, a sentence and a way back (no script, so no CSP nonce needed). */
function forbiddenPage(access: string, email: string, role: string): NextResponse {
  const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const sentence = `This page needs the ${access} role; ${escape(email)} is a${role === "admin" ? "n" : ""} ${role}.`;
  const html =
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">` +
    `<title>Not for your role · CacheTrail</title></head><body style="font-family:system-ui,sans-serif;margin:3rem auto;` +
    `max-width:36rem;padding:0 1rem;color:#1e293b"><h1 style="font-size:1.25rem">Not for your role</h1>` +
    `<p>${sentence} Ask an admin if you need it.</p><p><a href="/">Back to the overview</a></p></body></html>`;
  return new NextResponse(html, {
    status: 403,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'",
    },
  });
}

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
    if (!roleAllows(principal.role, access)) return forbiddenPage(access, principal.email, principal.role);
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
  // Static build files and the icon are the same for everyone. POST /api/ingest is not proxied:
  // Next.js reads the whole body of a proxied request into memory before the route sees it, and
  // cuts it at 10 MB, so an upload would neither stream nor fit; authorize() checks its host.
  matcher: ["/((?!_next/static|_next/image|favicon.svg|api/ingest$).*)"],
};
