import { apiRoute, ApiError } from "@/lib/api/handler";
import { parseJsonBody } from "@/lib/api/json-body";
import { clientIp, recordAudit } from "@/lib/auth/audit";
import { createTokenSchema } from "@/lib/auth/schemas";
import { createApiToken, listApiTokens } from "@/lib/auth/tokens";
import { db } from "@/lib/db/client";

export const dynamic = "force-dynamic";

/** GET /api/tokens — the caller's API tokens (an admin sees everyone's). Never the tokens themselves. */
export const GET = apiRoute({ access: "viewer" }, async ({ principal }) => {
  const where = principal!.role === "admin" ? {} : { userId: principal!.userId };
  return Response.json({ tokens: await listApiTokens(db(), where) });
});

/** POST /api/tokens — a new token for the caller, at most their role; the answer is the only time it is shown. */
export const POST = apiRoute({ access: "viewer" }, async ({ request, principal }) => {
  if (principal!.via === "token") throw new ApiError(403, "Tokens are made by people signed in, not by other tokens.");
  const input = await parseJsonBody(request, createTokenSchema);
  const expiresAt = input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000) : null;
  const created = await createApiToken(db(), { id: principal!.userId, role: principal!.role }, { ...input, expiresAt });
  await recordAudit(db(), {
    actor: principal!,
    action: "token.created",
    target: created.name,
    ip: clientIp(request.headers),
    details: { role: created.role, expiresAt: created.expiresAt?.toISOString() ?? null },
  });
  return Response.json(
    { id: created.id, name: created.name, role: created.role, token: created.token },
    { status: 201 },
  );
});
