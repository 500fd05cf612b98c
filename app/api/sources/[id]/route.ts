import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { apiRoute } from "@/lib/api/handler";
import { parseJsonBody } from "@/lib/api/json-body";
import { asSourceApiError } from "@/lib/api/source-errors";
import { sourceParamsSchema, updateSourceSchema } from "@/lib/sources/schemas";
import { getSourceView, updateSource } from "@/lib/sources/sources";
import { removeSource } from "@/lib/sources/sync";

export const dynamic = "force-dynamic";

/** GET /api/sources/:id — a source's settings (never its keys), status, totals and live progress. */
export const GET = apiRoute({ access: "viewer", params: sourceParamsSchema }, async ({ params }) =>
  Response.json(await getSourceView(db(), BigInt(params.id)).catch(asSourceApiError)),
);

/** PATCH /api/sources/:id — changes the fields sent: settings, `paused`, credentials. */
export const PATCH = apiRoute({ access: "admin", params: sourceParamsSchema }, async ({ request, params, log }) => {
  const patch = await parseJsonBody(request, updateSourceSchema);
  const id = BigInt(params.id);
  await updateSource(db(), id, patch, env.CACHETRAIL_SECRET_KEY).catch(asSourceApiError);
  log.info({ sourceId: params.id, fields: Object.keys(patch) }, "S3 source changed");
  return Response.json(await getSourceView(db(), id));
});

/** DELETE /api/sources/:id — removes the source and its ledger; its runs and events stay. */
export const DELETE = apiRoute({ access: "admin", params: sourceParamsSchema }, async ({ params, log }) => {
  await removeSource(db(), BigInt(params.id)).catch(asSourceApiError);
  log.info({ sourceId: params.id }, "S3 source removed");
  return new Response(null, { status: 204 });
});
