import { NextResponse } from "next/server";
import { ApiError, apiRoute } from "@/lib/api/handler";
import { db } from "@/lib/db/client";
import { loadTimelinePage } from "@/lib/resources/queries";
import { resourcePathSchema } from "@/lib/resources/resource-path";
import { timelinePageQuerySchema } from "@/lib/resources/timeline-params";

export const dynamic = "force-dynamic";

/** GET …/timeline?cursor= — the next page of a resource's timeline, same filters as the page. */
export const GET = apiRoute(
  { access: "viewer", query: timelinePageQuerySchema, params: resourcePathSchema },
  async ({ query: { cursor, ...filters }, params }) => {
    const page = await loadTimelinePage(db(), params, filters, cursor);
    if (!page) throw new ApiError(404, "No event names this resource.");
    return NextResponse.json(page);
  },
);
