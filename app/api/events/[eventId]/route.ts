import { NextResponse } from "next/server";
import { z } from "zod";
import { ApiError, apiRoute } from "@/lib/api/handler";
import { db } from "@/lib/db/client";
import { getEvent, getRelatedEvents } from "@/lib/events/detail";
import { requestedChanges } from "@/lib/events/requested-changes";

export const dynamic = "force-dynamic";

const params = z.object({ eventId: z.string().min(1).max(512) });

/** GET /api/events/:eventId — the event, its record, related events and requested-vs-reported changes. */
export const GET = apiRoute({ access: "viewer", params }, async ({ params: { eventId } }) => {
  const prisma = db();
  const found = await getEvent(prisma, eventId);
  if (!found) throw new ApiError(404, `No event with eventID "${eventId}" has been ingested here.`);
  const related = await getRelatedEvents(prisma, found.anchor);
  return NextResponse.json({ event: found.detail, related, requestedChanges: requestedChanges(found.detail) });
});
