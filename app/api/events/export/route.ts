import { z } from "zod";
import { apiRoute } from "@/lib/api/handler";
import { eventQuerySchemaWith } from "@/lib/events/filters";
import { exportEvents, exportFileName } from "@/lib/events/export";

export const dynamic = "force-dynamic";

const query = eventQuerySchemaWith({ format: z.enum(["csv", "json"]).default("csv") });

/** GET /api/events/export?format=csv|json&<filters> — every matching event, streamed. */
export const GET = apiRoute({ query }, async ({ request, query: { format, ...filters } }) => {
  const now = new Date();
  const body = exportEvents(filters, format, { now, origin: request.nextUrl.origin });
  return new Response(body, {
    headers: {
      "Content-Type": format === "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="${exportFileName(format, now)}"`,
      "Cache-Control": "no-store",
    },
  });
});
