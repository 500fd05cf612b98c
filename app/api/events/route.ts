import { db } from "@/lib/db/client";
import { listEventsRoute } from "@/lib/events/routes";

export const dynamic = "force-dynamic";
export const GET = listEventsRoute(() => ({ prisma: db() }));
