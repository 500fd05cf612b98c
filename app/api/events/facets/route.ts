import { NextResponse } from "next/server";
import { z } from "zod";
import { apiRoute } from "@/lib/api/handler";
import { db } from "@/lib/db/client";
import { eventFacets } from "@/lib/events/facet-counts";
import { FACET_FIELDS } from "@/lib/events/facets";
import { eventQuerySchemaWith } from "@/lib/events/filters";

export const dynamic = "force-dynamic";

const query = eventQuerySchemaWith({ field: z.enum(FACET_FIELDS) });

/** GET /api/events/facets?field=name — values of one field with counts under the other filters. */
export const GET = apiRoute({ access: "viewer", query }, async ({ query: { field, ...filters } }) =>
  NextResponse.json({ field, ...(await eventFacets(db(), field, filters)) }),
);
