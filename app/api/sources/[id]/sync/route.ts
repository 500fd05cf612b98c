import { db } from "@/lib/db/client";
import { apiRoute } from "@/lib/api/handler";
import { asSourceApiError } from "@/lib/api/source-errors";
import { jobQueue, requestSourceSync } from "@/lib/jobs/sender";
import { sourceParamsSchema } from "@/lib/sources/schemas";

export const dynamic = "force-dynamic";

/** POST /api/sources/:id/sync — "Sync now": 202 once queued for a worker, 409 while it syncs. */
export const POST = apiRoute({ access: "admin", params: sourceParamsSchema }, async ({ params, log }) => {
  const prisma = db();
  const requested = await requestSourceSync(prisma, await jobQueue(prisma), BigInt(params.id)).catch(asSourceApiError);
  log.info({ sourceId: params.id, queued: requested.queued, jobId: requested.jobId }, "Sync of an S3 source requested");
  return Response.json(requested, { status: 202 });
});
