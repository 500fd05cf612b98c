import { db } from "@/lib/db/client";
import { ingestRoute } from "@/lib/upload/ingest-route";
import { uploadLimitsFromEnv } from "@/lib/upload/limits";

// Streams the request into the database: never cached, always on the Node.js runtime.
export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const POST = ingestRoute(() => ({ prisma: db(), limits: uploadLimitsFromEnv() }));
