import { apiRoute } from "@/lib/api/handler";
import { parseJsonBody } from "@/lib/api/json-body";
import { clientIp, recordAudit } from "@/lib/auth/audit";
import { createShareLinkSchema } from "@/lib/auth/schemas";
import { createShareLink, listShareLinks } from "@/lib/auth/share-links";
import { db } from "@/lib/db/client";

export const dynamic = "force-dynamic";

/** GET /api/share-links — the caller's share links (an admin sees everyone's), with views. */
export const GET = apiRoute({ access: "viewer" }, async ({ principal }) => {
  const where = principal!.role === "admin" ? {} : { userId: principal!.userId };
  return Response.json({ links: await listShareLinks(db(), where) });
});

/** POST /api/share-links — a read-only link to one event that opens without signing in (7 days by default). */
export const POST = apiRoute({ access: "viewer" }, async ({ request, principal }) => {
  const input = await parseJsonBody(request, createShareLinkSchema);
  const link = await createShareLink(db(), principal!, input.eventId, input.expiresInDays);
  await recordAudit(db(), {
    actor: principal!,
    action: "share-link.created",
    target: input.eventId,
    ip: clientIp(request.headers),
    details: { id: link.id, expiresAt: link.expiresAt },
  });
  return Response.json(link, { status: 201 });
});
