import { handleIngestRequest } from "@/lib/api/ingest/handle-ingest-request";
import { apiRoute } from "@/lib/api/handler";
import { principalLabel } from "@/lib/auth/principal";
import { db } from "@/lib/db/client";
import { uploadLimits } from "@/lib/ingest/upload-limits";
import { ingestQuerySchema } from "@/lib/ingest/upload-schemas";

// Streams the request into the database: never cached, always on the Node.js runtime.
export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** POST /api/ingest?name=&source=&upload= — CloudTrail files as multipart parts or as the raw body. */
export const POST = apiRoute({ access: "uploader", query: ingestQuerySchema }, ({ request, query, principal }) =>
  handleIngestRequest(db(), request, query, {
    limits: uploadLimits(),
    triggeredBy: principal ? principalLabel(principal) : null,
  }),
);
