import { db } from "@/lib/db/client";
import { apiRoute } from "@/lib/api/handler";
import { asSourceApiError } from "@/lib/api/source-errors";
import { objectsQuerySchema, sourceParamsSchema } from "@/lib/sources/schemas";
import { listObjects } from "@/lib/sources/sources";

export const dynamic = "force-dynamic";

/** GET /api/sources/:id/objects?status=failed&after=&limit= — the ledger, by key. */
export const GET = apiRoute(
  { access: "viewer", params: sourceParamsSchema, query: objectsQuerySchema },
  async ({ params, query }) => Response.json(await listObjects(db(), BigInt(params.id), query).catch(asSourceApiError)),
);
