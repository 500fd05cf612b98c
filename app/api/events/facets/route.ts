import { NextResponse } from "next/server";
import { z } from "zod";
import { apiRoute } from "@/lib/api/handler";
import { FACET_FIELDS } from "@/lib/events/facets";
import { eventQuerySchemaWith } from "@/lib/events/filters";
import { eventFacets } from "@/lib/events/queries";

export const dynamic = "force-dynamic";

const query = eventQuerySchemaWith({ field: z.enum(FACET_FIELDS) });

/** GET /api/events/facets?field=name&<filters> — values of one field with counts, for the filter menus. */
export const GET = apiRoute({ query }, async ({ query: { field, ...filters } }) => {
  return NextResponse.json({ field, values: await eventFacets(field, filters) });
});
