import { db } from "@/lib/db/client";
import { apiRoute } from "@/lib/api/handler";
import { parseJsonBody } from "@/lib/api/json-body";
import { asSourceApiError } from "@/lib/api/source-errors";
import { principalLabel } from "@/lib/auth/principal";
import { latestFetches, requestFetch } from "@/lib/completeness/fetch";
import { fetchQuerySchema, fetchRequestSchema } from "@/lib/completeness/schemas";
import { jobQueue } from "@/lib/jobs/sender";

export const dynamic = "force-dynamic";

/** GET /api/completeness/fetch?key=…&key=… — where the latest "Fetch now" of each key stands. */
export const GET = apiRoute({ access: "viewer", query: fetchQuerySchema }, async ({ query }) =>
  Response.json({ fetches: await latestFetches(db(), query.key) }),
);

/**
 * POST /api/completeness/fetch {bucket, key} — "Fetch now": queues the read of one missing log file from
 * the S3 source that covers it (202); 404 when no digest names it as missing, 409 when no source covers it.
 * Uploaders and admins: it ingests a file, as an upload does.
 */
export const POST = apiRoute({ access: "uploader" }, async ({ request, log, principal }) => {
  const prisma = db();
  const body = await parseJsonBody(request, fetchRequestSchema);
  const fetch = await requestFetch(prisma, await jobQueue(prisma), body, principalLabel(principal!)).catch(
    asSourceApiError,
  );
  log.info({ key: body.key, fetchId: fetch.id }, "Fetch of a missing log file requested");
  return Response.json(fetch, { status: 202 });
});
