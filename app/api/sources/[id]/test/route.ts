import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { apiRoute } from "@/lib/api/handler";
import { asSourceApiError } from "@/lib/api/source-errors";
import { testSourceConnection } from "@/lib/sources/connection";
import { sourceParamsSchema } from "@/lib/sources/schemas";

export const dynamic = "force-dynamic";

/** POST /api/sources/:id/test — what a sync would find in the bucket, or precisely why it cannot read it. */
export const POST = apiRoute({ access: "admin", params: sourceParamsSchema }, async ({ params }) =>
  Response.json(await testSourceConnection(db(), BigInt(params.id), env.CACHETRAIL_SECRET_KEY).catch(asSourceApiError)),
);
