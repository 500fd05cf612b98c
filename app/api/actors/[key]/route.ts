import { NextResponse } from "next/server";
import { z } from "zod";
import { ApiError, apiRoute } from "@/lib/api/handler";
import { actorPathSchema } from "@/lib/actors/actor-path";
import { getActorDetail } from "@/lib/actors/detail-queries";
import { db } from "@/lib/db/client";

export const dynamic = "force-dynamic";

/** GET /api/actors/<key> — one actor's page as JSON (the key as actorUrl encodes it). */
export const GET = apiRoute(
  { access: "viewer", query: z.strictObject({}), params: actorPathSchema },
  async ({ params }) => {
    const detail = await getActorDetail(db(), params.key);
    if (!detail) throw new ApiError(404, "No actor has this key.");
    return NextResponse.json(detail);
  },
);
