import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/api/handler";
import { db } from "@/lib/db/client";
import { resourceListQuerySchema } from "@/lib/resources/list-params";
import { listResources } from "@/lib/resources/queries";

export const dynamic = "force-dynamic";

/** GET /api/resources?kind=&q=&account=&region=&engine=&status=&sort=&dir=&page= — the /clusters list as JSON. */
export const GET = apiRoute({ access: "viewer", query: resourceListQuerySchema }, async ({ query }) =>
  NextResponse.json(await listResources(db(), query)),
);
