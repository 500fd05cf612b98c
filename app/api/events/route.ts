import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/api/handler";
import { eventQuerySchema, eventsApiUrl } from "@/lib/events/filters";
import { listEvents } from "@/lib/events/queries";

export const dynamic = "force-dynamic";

/** GET /api/events — one page of events, newest first by default; docs/api.md#events. */
export const GET = apiRoute({ query: eventQuerySchema }, async ({ query }) => {
  const page = await listEvents(query);
  const at = (cursor: string | null, side: "after" | "before") =>
    cursor ? eventsApiUrl({ ...query, after: undefined, before: undefined, [side]: cursor }) : null;
  return NextResponse.json({ ...page, links: { next: at(page.next, "after"), prev: at(page.prev, "before") } });
});
