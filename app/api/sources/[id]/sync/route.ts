import { db } from "@/lib/db/client";
import { apiRoute } from "@/lib/api/handler";
import { principalLabel } from "@/lib/auth/principal";
import { asSourceApiError } from "@/lib/api/source-errors";
import { jobQueue, requestSourceSync } from "@/lib/jobs/sender";
import { sourceParamsSchema } from "@/lib/sources/schemas";

export const dynamic = "force-dynamic";

/** POST /api/sources/:id/sync — "Sync now": 202 once queued for a worker, 409 while it syncs. */
export const POST = apiRoute({ access: "admin", params: sourceParamsSchema }, async ({ params, log, principal }) => {
  const prisma = db();
  // The admin access above means someone signed in: the run records who.
  const requestedBy = principalLabel(principal!);
  const requested = await requestSourceSync(prisma, await jobQueue(prisma), BigInt(params.id), requestedBy).catch(
    asSourceApiError,
  );
  log.info({ sourceId: params.id, queued: requested.queued, jobId: requested.jobId }, "Sync of an S3 source requested");
  return Response.json(requested, { status: 202 });
});
