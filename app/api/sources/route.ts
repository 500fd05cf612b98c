import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { apiRoute } from "@/lib/api/handler";
import { parseJsonBody } from "@/lib/api/json-body";
import { asSourceApiError } from "@/lib/api/source-errors";
import { createSourceSchema } from "@/lib/sources/schemas";
import { createSource, getSourceView, listSourceViews } from "@/lib/sources/sources";

export const dynamic = "force-dynamic";

/** GET /api/sources — every S3 source with its status and sync progress. */
export const GET = apiRoute({ access: "viewer" }, async () => Response.json({ sources: await listSourceViews(db()) }));

/** POST /api/sources — adds an S3 source; access keys are stored sealed and never sent back. */
export const POST = apiRoute({ access: "admin" }, async ({ request, log }) => {
  const input = await parseJsonBody(request, createSourceSchema);
  const id = await createSource(db(), input, env.CACHETRAIL_SECRET_KEY).catch(asSourceApiError);
  log.info({ sourceId: String(id), bucket: input.bucket }, "S3 source added");
  return Response.json(await getSourceView(db(), id), { status: 201 });
});
