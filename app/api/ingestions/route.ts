import { apiRoute } from "@/lib/api/handler";
import { listRuns } from "@/lib/ingestions/queries";
import { runListQuerySchema } from "@/lib/ingestions/schemas";

export const dynamic = "force-dynamic";

/** GET /api/ingestions?source=&status=&before=&limit= — runs, newest first. */
export const GET = apiRoute({ query: runListQuerySchema }, async ({ query }) => Response.json(await listRuns(query)));
