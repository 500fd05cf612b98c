import { apiRoute, ApiError } from "@/lib/api/handler";
import { liveUpload } from "@/lib/ingest/live-uploads";
import { uploadIdParamsSchema } from "@/lib/ingest/upload-schemas";

export const dynamic = "force-dynamic";

/** GET /api/ingest/progress/:uploadId — the live progress of an upload sent with ?upload=<id>. */
export const GET = apiRoute({ access: "uploader", params: uploadIdParamsSchema }, async ({ params }) => {
  const snapshot = liveUpload(params.uploadId);
  if (!snapshot)
    throw new ApiError(404, `No upload ${params.uploadId} in progress (or it ended more than 10 minutes ago).`);
  return Response.json(snapshot, { headers: { "cache-control": "no-store" } });
});
