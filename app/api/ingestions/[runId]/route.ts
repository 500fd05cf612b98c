import { apiRoute, ApiError } from "@/lib/api/handler";
import { db } from "@/lib/db/client";
import { getRunDetail } from "@/lib/run-history/queries";
import { runFilesApiQuerySchema, runParamsSchema } from "@/lib/run-history/schemas";

export const dynamic = "force-dynamic";

/** GET /api/ingestions/:runId?files=all|problems&after=&limit= — one run, its files and what it changed. */
export const GET = apiRoute(
  { access: "viewer", params: runParamsSchema, query: runFilesApiQuerySchema },
  async ({ params, query }) => {
    const detail = await getRunDetail(db(), params.runId, query);
    if (!detail) throw new ApiError(404, `No ingestion run ${params.runId}.`);
    return Response.json(detail);
  },
);
