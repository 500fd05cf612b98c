import { apiRoute } from "@/lib/api/handler";
import { clientIp, recordAudit } from "@/lib/auth/audit";
import { idParamsSchema } from "@/lib/auth/schemas";
import { revokeShareLink } from "@/lib/auth/share-links";
import { db } from "@/lib/db/client";

export const dynamic = "force-dynamic";

/** DELETE /api/share-links/:id — the link stops opening at once. */
export const DELETE = apiRoute({ access: "viewer", params: idParamsSchema }, async ({ request, params, principal }) => {
  const row = await revokeShareLink(db(), principal!, params.id);
  await recordAudit(db(), {
    actor: principal!,
    action: "share-link.revoked",
    target: row.eventId,
    ip: clientIp(request.headers),
    details: { id: params.id },
  });
  return new Response(null, { status: 204 });
});
