import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/api/handler";
import { db } from "@/lib/db/client";
import { completenessReport } from "@/lib/completeness/queries";
import { completenessQuerySchema } from "@/lib/completeness/schemas";

export const dynamic = "force-dynamic";

/** GET /api/completeness?from=&to=&account=&region= — which log files the digests name, read, missing or modified. */
export const GET = apiRoute({ access: "viewer", query: completenessQuerySchema }, async ({ query }) =>
  NextResponse.json(await completenessReport(db(), query)),
);
