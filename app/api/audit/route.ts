import { apiRoute } from "@/lib/api/handler";
import { listAudit } from "@/lib/auth/audit";
import { db } from "@/lib/db/client";

export const dynamic = "force-dynamic";

/** GET /api/audit — the newest 200 sign-ins, token, share-link, user and role changes. */
export const GET = apiRoute({ access: "admin" }, async () => {
  const entries = (await listAudit(db())).map(({ id, at, actor, action, target, ip }) => ({
    id,
    at,
    actor,
    action,
    target,
    ip,
  }));
  return Response.json({ entries });
});
