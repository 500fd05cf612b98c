import { db } from "@/lib/db/client";
import { eventDetailRoute } from "@/lib/events/routes";

export const dynamic = "force-dynamic";
export const GET = eventDetailRoute(() => ({ prisma: db() }));
