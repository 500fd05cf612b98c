import "server-only";
import { logger } from "@/lib/log/logger";
import { ApiError } from "@/lib/api/handler";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { jobQueue, requestIndexRebuildIfDue } from "@/lib/jobs/sender";
import { ingestUpload, UPLOAD_SOURCES, type IncomingFile, type UploadOutcome } from "@/lib/ingest/ingest-upload";
import { eventListener, trackUpload } from "@/lib/ingest/live-uploads";
import { interrupted, UploadInterrupted } from "@/lib/ingest/upload-interrupted";
import type { UploadLimits } from "@/lib/ingest/upload-limits";
import type { IngestQuery, UploadEvent } from "@/lib/ingest/upload-schemas";
import type { Problem } from "@/lib/api/problem";
import { statusOfFiles } from "./http-status";
import { acquireIngestSlot } from "./ingest-slots";
import { MalformedMultipart, multipartFiles, RequestLimitExceeded } from "./multipart-files";
import { takeNodeRequestBody } from "./node-request-body";
import { nodeRequestBytes, requestBytes, requestStream } from "./request-bytes";
import { classifyRequest, type RequestKind } from "./request-kind";

// POST /api/ingest: one or more CloudTrail files, as multipart parts or as the raw body, each
// streamed into the ingestion engine as it arrives. With `Accept: application/x-ndjson` the
// answer is a stream of progress lines (what the upload page shows), else one JSON summary.
// Request errors found before the first file (415, 400, 413 by Content-Length) are thrown as
// ApiError and become the usual problem response.

export interface IngestRequestOptions {
  limits: UploadLimits;
  /** Who sent the request, once sign-in exists. */
  triggeredBy?: string | null;
}

export async function handleIngestRequest(
  prisma: PrismaClient,
  request: Request,
  query: IngestQuery,
  { limits, triggeredBy = null }: IngestRequestOptions,
): Promise<Response> {
  const kind = classifyRequest(request.headers, limits);
  if (!request.body) throw new ApiError(400, "The request body is empty: send at least one CloudTrail file.");
  // Claimed before anything is read, so another request cannot take over this id's progress.
  const track = query.upload ? trackUpload(query.upload) : null;
  if (track === undefined) {
    throw new ApiError(409, `The upload id "${query.upload}" is already in use: choose another (?upload=).`);
  }
  const release = await acquireIngestSlot(limits.maxConcurrent, limits.queueWaitSeconds * 1000, request.signal);
  if (!release) {
    throw new ApiError(
      429,
      `The server is already ingesting ${limits.maxConcurrent} uploads (INGEST_MAX_CONCURRENT): try again shortly.`,
      undefined,
      { "retry-after": String(RETRY_AFTER_SECONDS) },
    );
  }
  let handedOver = false;
  try {
    const upload = new AbortController();
    const onClientGone = () => interrupted(upload);
    if (request.signal.aborted) onClientGone();
    request.signal.addEventListener("abort", onClientGone, { once: true });

    const files = await incomingFiles(kind, request.body, request.headers, query, limits, upload);
    const options = {
      source: UPLOAD_SOURCES[query.source],
      triggeredBy,
      limits,
      upload,
    };

    if (wantsProgressStream(request.headers)) {
      handedOver = true; // released by the stream, when its run is over
      return await progressStream(prisma, files, options, track, release);
    }
    const outcome = await ingestUpload(prisma, files, {
      ...options,
      listener: track ? eventListener(track) : undefined,
    });
    afterRun(prisma, outcome);
    request.signal.removeEventListener("abort", onClientGone);
    const status = answer(outcome);
    track?.(doneEvent(outcome, status));
    return jsonAnswer(outcome, status);
  } finally {
    if (!handedOver) release();
  }
}

/**
 * Once a run is over: a large upload (or the last of many) queues a rebuild of the ingest's indexes for the
 * worker (lib/maintenance/index-rebuild.ts). Not awaited: the answer does not wait for the check.
 */
function afterRun(prisma: PrismaClient, outcome: UploadOutcome): void {
  if (outcome.result) void requestIndexRebuildIfDue(prisma, () => jobQueue(prisma));
}

/** What a 429 tells the client to wait: about what a small upload takes. */
const RETRY_AFTER_SECONDS = 10;

async function incomingFiles(
  kind: RequestKind,
  body: ReadableStream<Uint8Array>,
  headers: Headers,
  query: IngestQuery,
  limits: UploadLimits,
  upload: AbortController,
): Promise<AsyncIterable<IncomingFile> | Iterable<IncomingFile>> {
  if (kind.kind === "multipart") {
    return multipartIncoming(requestStream(body, upload), kind.contentType, limits);
  }
  // A raw body is one file, read from Node's request stream when `npm start` handed it over.
  // Its first bytes are awaited here so an empty body is a 400, not a run.
  const node = takeNodeRequestBody(headers);
  const bytes = node ? nodeRequestBytes(node, upload) : requestBytes(body, upload);
  const first = await bytes.next();
  if (first.done) throw new ApiError(400, "The request body is empty: send at least one CloudTrail file.");
  const name = query.name ?? "request body";
  return [{ name, content: prepend(first.value, bytes) }];
}

async function* multipartIncoming(
  body: ReturnType<typeof requestStream>,
  contentType: string,
  limits: UploadLimits,
): AsyncGenerator<IncomingFile> {
  for await (const part of multipartFiles(body, contentType, limits)) {
    // Not destroyed when the engine stops early: busboy needs the part read to its end.
    yield { name: part.name, content: part.stream.iterator({ destroyOnReturn: false }), finish: part.skip };
  }
}

async function* prepend(head: Uint8Array, rest: AsyncIterator<Uint8Array>): AsyncGenerator<Uint8Array> {
  yield head;
  for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
}

function wantsProgressStream(headers: Headers): boolean {
  return /application\/x-ndjson/i.test(headers.get("accept") ?? "");
}

/** The status of a request that got past its headers, and why it is not a 200. */
function answer(outcome: UploadOutcome): { status: number; error: Problem | null } {
  const { result, requestError } = outcome;
  const failure = requestFailure(requestError);
  if (failure) return { status: failure.status, error: failure };
  if (!result) {
    return {
      status: 400,
      error: {
        status: 400,
        message: "The form has no files: send each file as a part with a file name (curl -F 'file=@trail.json.gz').",
      },
    };
  }
  const s = statusOfFiles(result);
  return s.status === 200
    ? { status: 200, error: null }
    : { status: s.status, error: { status: s.status, message: s.message ?? "" } };
}

function requestFailure(error: unknown): Problem | null {
  if (!error) return null;
  if (error instanceof MalformedMultipart) return { status: 400, message: error.message };
  if (error instanceof RequestLimitExceeded) return { status: 413, message: `The request has ${error.message}.` };
  if (error instanceof UploadInterrupted)
    return {
      status: 400,
      message: `The upload was interrupted: ${error.message}. Files not finished were not ingested.`,
    };
  logger.error({ err: error }, "POST /api/ingest failed");
  return { status: 500, message: "Internal error — the server log has the details." };
}

type Answer = ReturnType<typeof answer>;

function doneEvent(outcome: UploadOutcome, { status, error }: Answer): UploadEvent {
  return { type: "done", httpStatus: status, ...(error ? { error } : {}), result: outcome.result };
}

/** The run's summary; when it is not a 200, with the problem response's `error` member beside it. */
function jsonAnswer(outcome: UploadOutcome, { status, error }: Answer): Response {
  const body = error ? { error, ...(outcome.result ?? {}) } : outcome.result;
  return Response.json(body, { status, headers: { "cache-control": "no-store" } });
}

/**
 * NDJSON progress: one line per event, then a `done` line with the summary and the status a
 * plain request would have had. The response starts with the run (first file part); anything
 * refused before that is still a plain problem response with its real status.
 */
async function progressStream(
  prisma: PrismaClient,
  files: AsyncIterable<IncomingFile> | Iterable<IncomingFile>,
  options: Parameters<typeof ingestUpload>[2],
  track: ((event: UploadEvent) => void) | null,
  release: () => void,
): Promise<Response> {
  const encoder = new TextEncoder();
  const pending: UploadEvent[] = [];
  let controller: ReadableStreamDefaultController<Uint8Array> | null = null;
  let closed = false;
  const send = (event: UploadEvent) => {
    track?.(event);
    if (closed) return;
    if (!controller) return void pending.push(event);
    try {
      controller.enqueue(encoder.encode(`${JSON.stringify(event)}\n`));
    } catch {
      closed = true; // the client went away; the ingest goes on and closes its run
    }
  };
  const flushPending = () => {
    const events = pending.splice(0);
    for (const event of events) {
      try {
        controller?.enqueue(encoder.encode(`${JSON.stringify(event)}\n`));
      } catch {
        closed = true;
      }
    }
  };

  let started: () => void = () => {};
  const runStarted = new Promise<void>((resolve) => (started = resolve));
  const listener = eventListener(send);
  const work = ingestUpload(prisma, files, {
    ...options,
    listener: {
      ...listener,
      onRun: (runId) => {
        listener.onRun?.(runId);
        started();
      },
    },
  });

  void work.finally(release);
  void work.then((outcome) => afterRun(prisma, outcome));
  const first = await Promise.race([runStarted.then(() => null), work]);
  if (first && !first.result) {
    const status = answer(first);
    track?.(doneEvent(first, status));
    return jsonAnswer(first, status);
  }

  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
      flushPending();
      void work.then((outcome) => {
        send(doneEvent(outcome, answer(outcome)));
        if (!closed) c.close();
        closed = true;
      });
    },
    cancel() {
      closed = true;
      interrupted(options.upload);
    },
  });
  return new Response(stream, {
    status: 200,
    headers: {
      "content-type": "application/x-ndjson; charset=utf-8",
      // no-transform: a compressing proxy (or Next's own gzip) would hold the lines back.
      "cache-control": "no-store, no-transform",
      "x-accel-buffering": "no",
    },
  });
}
