import "server-only";
import { SourceError, type SourceErrorKind } from "@/lib/sources/errors";
import { SecretKeyMissingError } from "@/lib/sources/secret-box";
import { ApiError } from "./handler";

// The sources domain's refusals as HTTP answers; anything else is left to apiRoute (500).

const STATUS: Record<SourceErrorKind, number> = { "not-found": 404, conflict: 409, invalid: 400, busy: 409 };

export function asSourceApiError(error: unknown): never {
  if (error instanceof SourceError) throw new ApiError(STATUS[error.kind], error.message);
  // The request is fine; the server is not set up to store keys. Named after the field.
  if (error instanceof SecretKeyMissingError) throw new ApiError(400, `credentials: ${error.message}`);
  throw error;
}
