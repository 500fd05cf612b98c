import { apiRoute, ApiError } from "@/lib/api/handler";
import { clientIp, recordAudit } from "@/lib/auth/audit";
import { idParamsSchema } from "@/lib/auth/schemas";
import { revokeApiToken } from "@/lib/auth/tokens";
import { db } from "@/lib/db/client";

export const dynamic = "force-dynamic";

/** DELETE /api/tokens/:id — revokes a token: its owner's, or anyone's for an admin. */
export const DELETE = apiRoute({ access: "viewer", params: idParamsSchema }, async ({ request, params, principal }) => {
  if (!/^\d+$/.test(params.id)) throw new ApiError(404, "No such token.");
  const token = await db().apiToken.findUnique({ where: { id: BigInt(params.id) }, select: { userId: true } });
  if (!token || (token.userId !== principal!.userId && principal!.role !== "admin"))
    throw new ApiError(404, "No such token.");
  const revoked = await revokeApiToken(db(), BigInt(params.id));
  await recordAudit(db(), {
    actor: principal!,
    action: "token.revoked",
    target: `${revoked.name} of ${revoked.owner}`,
    ip: clientIp(request.headers),
  });
  return new Response(null, { status: 204 });
});
