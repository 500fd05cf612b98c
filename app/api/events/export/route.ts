import { db } from "@/lib/db/client";
import { exportEventsRoute } from "@/lib/events/routes";

export const dynamic = "force-dynamic";
export const GET = exportEventsRoute(() => ({ prisma: db() }));
