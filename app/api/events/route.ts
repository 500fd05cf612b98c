import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/api/handler";
import { db } from "@/lib/db/client";
import { eventQuerySchema, eventsApiUrl } from "@/lib/events/filters";
import { listEvents } from "@/lib/events/queries";

export const dynamic = "force-dynamic";

/** GET /api/events — one page of events by keyset, with the total and links to the neighbouring pages. */
export const GET = apiRoute({ access: "viewer", query: eventQuerySchema }, async ({ query }) => {
  const page = await listEvents(db(), query);
  const at = (cursor: string | null, side: "after" | "before") =>
    cursor ? eventsApiUrl({ ...query, after: undefined, before: undefined, [side]: cursor }) : null;
  return NextResponse.json({ ...page, links: { next: at(page.next, "after"), prev: at(page.prev, "before") } });
});
