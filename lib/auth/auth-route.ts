import "server-only";
import { db } from "@/lib/db/client";
import { logger } from "@/lib/log/logger";
import { clientIp, recordAudit } from "./audit";
import { authFor } from "./better-auth";
import { principalFromHeaders } from "./current";
import { signInRefusal } from "./sign-in-limits";
import { normaliseEmail } from "./users";

// better-auth's endpoints under /api/auth (sign-in, sign-out, sessions, the OIDC redirect and
// callback), with what better-auth leaves to us around them: the sign-in limits and the audit log.
// These routes are public by nature (they are how one signs in), so they do not go through apiRoute.

async function emailOf(request: Request): Promise<string> {
  try {
    const body: unknown = await request.clone().json();
    const email = (body as { email?: unknown }).email;
    return typeof email === "string" ? normaliseEmail(email) : "";
  } catch {
    return "";
  }
}

async function handle(request: Request): Promise<Response> {
  const prisma = db();
  const auth = authFor(prisma);
  const path = new URL(request.url).pathname.replace(/^\/api\/auth/, "");
  const ip = clientIp(request.headers);

  if (request.method === "POST" && path === "/sign-in/email") {
    const email = await emailOf(request);
    const refusal = await signInRefusal(prisma, email, ip);
    if (refusal) {
      await recordAudit(prisma, { actor: email || "unknown", action: "sign-in.refused", target: email, ip });
      return Response.json({ code: "TOO_MANY_ATTEMPTS", message: refusal }, { status: 429 });
    }
    const response = await auth.handler(request);
    if (response.ok) {
      const user = await prisma.user.findUnique({ where: { email }, select: { id: true } });
      await recordAudit(prisma, {
        actor: email,
        action: "sign-in",
        target: email,
        ip,
        details: { method: "password" },
      });
      logger.info({ userId: user?.id }, "signed in with a password");
    } else {
      await recordAudit(prisma, { actor: email || "unknown", action: "sign-in.failed", target: email, ip });
    }
    return response;
  }

  if (request.method === "POST" && (path === "/sign-out" || path === "/revoke-sessions")) {
    const principal = await principalFromHeaders(prisma, request.headers);
    const response = await auth.handler(request);
    if (principal && response.ok) {
      await recordAudit(prisma, {
        actor: principal,
        action: path === "/sign-out" ? "sign-out" : "sessions.revoked",
        ip,
      });
    }
    return response;
  }

  return auth.handler(request);
}

export const authRouteHandlers = { GET: handle, POST: handle };
