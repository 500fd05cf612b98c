import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/api/handler";
import { db } from "@/lib/db/client";
import { checkHealth, unavailable, type Health } from "@/lib/health/check-health";

export const dynamic = "force-dynamic";

/** GET /api/health — for load balancers and monitors: open to anyone, 503 when the database is not there. */
export const GET = apiRoute({ access: "public" }, async () => {
  let health: Health;
  try {
    health = await checkHealth(db());
  } catch (error) {
    // db() throws when there is no database to connect to (DATABASE_URL unset).
    health = unavailable(error);
  }
  return NextResponse.json(health, { status: health.status === "ok" ? 200 : 503 });
});
