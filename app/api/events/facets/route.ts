import { db } from "@/lib/db/client";
import { eventFacetsRoute } from "@/lib/events/routes";

export const dynamic = "force-dynamic";
export const GET = eventFacetsRoute(() => ({ prisma: db() }));
