import busboy from "busboy";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream";

// The file parts of a multipart/form-data body, one after another, each as a stream that is
// read straight from the request (busboy parses the body as it arrives and waits while the
// current part is not consumed: nothing is buffered beyond a few chunks).
//
// Whoever takes a part must read it to its end or call `skip()`: busboy cannot reach the next
// part before. Text fields are ignored — files only.

export interface FilePart {
  name: string;
  stream: Readable;
  /** True once more bytes than `maxFileBytes` arrived; busboy then discards the rest of the part. */
  readonly overLimit: boolean;
  /** Discards the rest of the part (after a failure on its first bytes) and resolves at its end. */
  skip(): Promise<void>;
}

export class MalformedMultipart extends Error {
  constructor(message: string) {
    super(`Malformed multipart body: ${message}`);
    this.name = "MalformedMultipart";
  }
}

/** A request over one of the per-request limits (413): the files before it were ingested. */
export class RequestLimitExceeded extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RequestLimitExceeded";
  }
}

type PartEvent = { type: "file"; part: FilePart } | { type: "error"; error: Error } | { type: "end" };

export async function* multipartFiles(
  body: Readable,
  contentType: string,
  options: { maxFileBytes: number; maxParts: number },
): AsyncGenerator<FilePart> {
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { "content-type": contentType },
      // Keep "AWSLogs/…/file.json.gz" of folder uploads: the history shows where a file came from.
      preservePath: true,
      // One byte over the limit is how we learn that a part is too large.
      // `files`: a body of 200,000 tiny parts would otherwise be 200,000 files of one run.
      limits: { fileSize: options.maxFileBytes + 1, fieldSize: 64 * 1024, fields: 100, files: options.maxParts },
    });
  } catch (error) {
    throw new MalformedMultipart((error as Error).message);
  }

  const queue: PartEvent[] = [];
  let wake: (() => void) | null = null;
  const push = (event: PartEvent) => {
    queue.push(event);
    wake?.();
    wake = null;
  };

  parser.on("file", (_field, stream, info) => {
    let overLimit = false;
    stream.once("limit", () => (overLimit = true));
    // A lost connection fails the part being read as well. Its reader learns of it through its
    // own read, or through the pipeline below; a part nobody reads any more must not take the
    // process down with an 'error' event that no one hears.
    stream.on("error", () => {});
    push({
      type: "file",
      part: {
        name: info.filename || "unnamed file",
        stream,
        get overLimit() {
          return overLimit;
        },
        skip: () => drain(stream),
      },
    });
  });
  parser.on("field", () => {});
  parser.once("filesLimit", () =>
    push({
      type: "error",
      error: new RequestLimitExceeded(
        `more than ${options.maxParts.toLocaleString("en-US")} files in one request (INGEST_MAX_PARTS): ` +
          "the files before the limit were ingested; send the rest in another request",
      ),
    }),
  );
  // Ends when busboy has seen the closing boundary and every part was read. The body's own
  // failure (a lost connection) reaches busboy through the pipeline and ends it with that error.
  pipeline(body, parser, (error) => push(error ? { type: "error", error } : { type: "end" }));

  try {
    for (;;) {
      while (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      const event = queue.shift()!;
      if (event.type === "end") return;
      if (event.type === "error") throw toMultipartError(event.error);
      yield event.part;
    }
  } finally {
    // Stopped before the end (a request-level failure): stop parsing, release the body.
    if (!parser.destroyed) parser.destroy();
  }
}

/** busboy's own parse errors are the client's fault (400); anything else passes through. */
function toMultipartError(error: Error): Error {
  if (/^(Malformed|Unexpected end of form|Unexpected end of file|Part terminated early)/.test(error.message))
    return new MalformedMultipart(error.message);
  return error;
}

function drain(stream: Readable): Promise<void> {
  return new Promise((resolve) => {
    if (stream.readableEnded || stream.destroyed) return resolve();
    stream.once("end", resolve);
    stream.once("close", resolve);
    stream.once("error", () => resolve());
    stream.resume();
  });
}
