import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/api/handler";
import { db } from "@/lib/db/client";
import { getOverview } from "@/lib/overview/queries";
import { scopeQuerySchema } from "@/lib/overview/scope";

export const dynamic = "force-dynamic";

/** GET /api/overview — KPIs against the previous period, events over time by kind, top lists. */
export const GET = apiRoute({ access: "viewer", query: scopeQuerySchema }, async ({ query }) =>
  NextResponse.json(await getOverview(db(), query)),
);
