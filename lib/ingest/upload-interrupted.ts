import { ReadError } from "./read/read-cloudtrail";

// An upload can be cut short (the browser tab closed, the upload cancelled, a proxy timed out):
// that is not bad data, it is an interrupted upload. The upload's abort controller records
// why; the file being read is then reported as not ingested rather than as a storage or
// syntax error.

export class UploadInterrupted extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UploadInterrupted";
  }
}

/** Why an upload stopped early, for the file's error and the run's. */
export function interruptionMessage(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  if (reason instanceof UploadInterrupted) return reason.message;
  return "the client disconnected before the upload finished";
}

/** The error a read ends with once the upload is aborted; the first call records why. */
export function interrupted(
  upload: AbortController,
  message = "the client disconnected before the upload finished",
): ReadError {
  if (!upload.signal.aborted) upload.abort(new UploadInterrupted(message));
  return new ReadError("aborted", interruptionMessage(upload.signal));
}
