import { NextResponse } from "next/server";
import { ApiError, apiRoute } from "@/lib/api/handler";
import { db } from "@/lib/db/client";
import { loadResourcePage } from "@/lib/resources/queries";
import { resourcePathSchema } from "@/lib/resources/resource-path";
import { timelineQuerySchema } from "@/lib/resources/timeline-params";

export const dynamic = "force-dynamic";

/** GET /api/resources/<account>/<region|global>/<kind>/<id>?order=&reads=&from=&to=&day=&at= — the resource page as JSON. */
export const GET = apiRoute(
  { access: "viewer", query: timelineQuerySchema, params: resourcePathSchema },
  async ({ query, params }) => {
    const page = await loadResourcePage(db(), params, query);
    if (!page) throw new ApiError(404, "No event names this resource.");
    return NextResponse.json(page);
  },
);
