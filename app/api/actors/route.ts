import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/api/handler";
import { actorListQuerySchema } from "@/lib/actors/list-params";
import { listActors } from "@/lib/actors/queries";
import { db } from "@/lib/db/client";

export const dynamic = "force-dynamic";

/** GET /api/actors?type=&account=&failures=&issuer=&q=&sort=&dir=&page= — the /actors table and its breakdowns. */
export const GET = apiRoute({ access: "viewer", query: actorListQuerySchema }, async ({ query }) =>
  NextResponse.json(await listActors(db(), query)),
);
