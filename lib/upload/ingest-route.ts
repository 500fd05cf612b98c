import "server-only";
import { apiRoute } from "@/lib/api/handler";
import { handleIngestRequest, type IngestDeps } from "./handle-ingest-request";
import { ingestQuerySchema } from "./schemas";

/** POST /api/ingest behind the one API door; `deps` is a function so tests can bring their own database. */
export function ingestRoute(deps: () => IngestDeps) {
  return apiRoute({ query: ingestQuerySchema }, ({ request, query }) => handleIngestRequest(request, query, deps()));
}
