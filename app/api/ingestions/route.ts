import { apiRoute } from "@/lib/api/handler";
import { db } from "@/lib/db/client";
import { listRuns } from "@/lib/run-history/queries";
import { runListApiQuerySchema } from "@/lib/run-history/schemas";

export const dynamic = "force-dynamic";

/** GET /api/ingestions?source=&status=&before=&limit= — runs, newest first. */
export const GET = apiRoute({ access: "viewer", query: runListApiQuerySchema }, async ({ query }) =>
  Response.json(await listRuns(db(), query)),
);
