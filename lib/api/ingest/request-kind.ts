import { ApiError } from "@/lib/api/handler";
import { formatSize } from "@/lib/format/numbers";

// Decides, from the headers alone, how a POST /api/ingest body is read — before any byte of
// it is, so a request that will be refused (wrong type, declared size over the limit) is
// refused at once rather than after uploading gigabytes.

export type RequestKind = { kind: "multipart"; contentType: string } | { kind: "raw"; mediaType: string };

/** The raw bodies we read. Content is detected by its bytes; the type only says "a file". */
export const RAW_MEDIA_TYPES = [
  "application/json",
  "application/gzip",
  "application/x-gzip",
  "application/x-ndjson",
  "application/octet-stream",
] as const;

const ACCEPTED = `multipart/form-data, ${RAW_MEDIA_TYPES.join(", ")}`;

export function classifyRequest(headers: Headers, limits: { maxFileBytes: number }): RequestKind {
  const contentType = headers.get("content-type");
  const mediaType = contentType?.split(";")[0]?.trim().toLowerCase() ?? "";
  if (!mediaType) throw new ApiError(415, `Missing Content-Type. Send the file as one of: ${ACCEPTED}.`);

  const length = declaredLength(headers);
  if (length === 0) throw new ApiError(400, "The request body is empty: send at least one CloudTrail file.");

  if (mediaType === "multipart/form-data") {
    if (!/boundary=/i.test(contentType ?? ""))
      throw new ApiError(400, "Malformed multipart body: the Content-Type has no boundary.");
    return { kind: "multipart", contentType: contentType! };
  }
  if ((RAW_MEDIA_TYPES as readonly string[]).includes(mediaType)) {
    // One file: a declared size over the limit is refused without reading it.
    if (length !== null && length > limits.maxFileBytes) {
      throw new ApiError(
        413,
        `The file is ${formatSize(length)}, larger than the ${formatSize(limits.maxFileBytes)} limit for one file (INGEST_MAX_FILE_BYTES).`,
      );
    }
    return { kind: "raw", mediaType };
  }
  // curl's --data-binary sends this unless told otherwise: say how to fix it.
  const hint =
    mediaType === "application/x-www-form-urlencoded"
      ? " (curl sends this by default: add -H 'Content-Type: application/json')"
      : "";
  throw new ApiError(415, `Unsupported Content-Type ${mediaType}${hint}. Send the file as one of: ${ACCEPTED}.`);
}

function declaredLength(headers: Headers): number | null {
  const value = headers.get("content-length");
  if (value === null || !/^\d+$/.test(value.trim())) return null;
  return Number(value);
}
