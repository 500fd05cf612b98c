import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/api/handler";
import { db } from "@/lib/db/client";
import { scopeQuerySchema } from "@/lib/overview/scope";
import { getSecurity } from "@/lib/security/queries";

export const dynamic = "force-dynamic";

/** GET /api/security — failed calls by principal, flagged calls by flag, first sightings. */
export const GET = apiRoute({ access: "viewer", query: scopeQuerySchema }, async ({ query }) =>
  NextResponse.json(await getSecurity(db(), query)),
);
