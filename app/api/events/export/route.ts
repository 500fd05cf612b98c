import { z } from "zod";
import { apiRoute } from "@/lib/api/handler";
import { db } from "@/lib/db/client";
import { exportEvents, exportFileName } from "@/lib/events/export";
import { eventQuerySchemaWith } from "@/lib/events/filters";

export const dynamic = "force-dynamic";

const query = eventQuerySchemaWith({ format: z.enum(["csv", "json"]).default("csv") });

/** GET /api/events/export?format=csv|json — every event of the filter (page parameters ignored), streamed. */
export const GET = apiRoute({ access: "viewer", query }, async ({ request, log, query: { format, ...filters } }) => {
  const now = new Date();
  const body = exportEvents(db(), filters, format, { now, origin: request.nextUrl.origin, log });
  return new Response(body, {
    headers: {
      "Content-Type": format === "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="${exportFileName(format, now)}"`,
      "Cache-Control": "no-store",
    },
  });
});
