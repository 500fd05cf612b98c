import "server-only";
import { NextResponse } from "next/server";
import { z } from "zod";
import { ApiError, apiRoute } from "@/lib/api/handler";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { getEvent, getRelatedEvents } from "./detail";
import { exportEvents, exportFileName } from "./export";
import { eventFacets } from "./facet-counts";
import { FACET_FIELDS } from "./facets";
import { eventQuerySchema, eventQuerySchemaWith, eventsApiUrl } from "./filters";
import { listEvents } from "./queries";
import { requestedChanges } from "./requested-changes";

// The handlers behind /api/events…, built around the database they are given: app/api
// passes the app's client, tests their own. Documented in docs/api.md#events.

export type EventRouteDeps = () => { prisma: PrismaClient };

/** GET /api/events — one page of events by keyset, with the total and links to the neighbouring pages. */
export function listEventsRoute(deps: EventRouteDeps) {
  return apiRoute({ query: eventQuerySchema }, async ({ query }) => {
    const page = await listEvents(query, deps());
    const at = (cursor: string | null, side: "after" | "before") =>
      cursor ? eventsApiUrl({ ...query, after: undefined, before: undefined, [side]: cursor }) : null;
    return NextResponse.json({ ...page, links: { next: at(page.next, "after"), prev: at(page.prev, "before") } });
  });
}

const detailParams = z.object({ eventId: z.string().min(1).max(512) });

/** GET /api/events/:eventId — the event, its record, related events and requested-vs-reported changes. */
export function eventDetailRoute(deps: EventRouteDeps) {
  return apiRoute({ params: detailParams }, async ({ params: { eventId } }) => {
    const options = deps();
    const found = await getEvent(eventId, options);
    if (!found) throw new ApiError(404, `No event with eventID "${eventId}" has been ingested here.`);
    const related = await getRelatedEvents(found.anchor, options);
    return NextResponse.json({ event: found.detail, related, requestedChanges: requestedChanges(found.detail) });
  });
}

const exportQuery = eventQuerySchemaWith({ format: z.enum(["csv", "json"]).default("csv") });

/** GET /api/events/export?format=csv|json — every event of the filter (page parameters ignored), streamed. */
export function exportEventsRoute(deps: EventRouteDeps) {
  return apiRoute({ query: exportQuery }, async ({ request, query: { format, ...filters } }) => {
    const now = new Date();
    const body = exportEvents(filters, format, { ...deps(), now, origin: request.nextUrl.origin });
    return new Response(body, {
      headers: {
        "Content-Type": format === "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
        "Content-Disposition": `attachment; filename="${exportFileName(format, now)}"`,
        "Cache-Control": "no-store",
      },
    });
  });
}

const facetsQuery = eventQuerySchemaWith({ field: z.enum(FACET_FIELDS) });

/** GET /api/events/facets?field=name — values of one field with counts under the other filters. */
export function eventFacetsRoute(deps: EventRouteDeps) {
  return apiRoute({ query: facetsQuery }, async ({ query: { field, ...filters } }) => {
    return NextResponse.json({ field, ...(await eventFacets(field, filters, deps())) });
  });
}
