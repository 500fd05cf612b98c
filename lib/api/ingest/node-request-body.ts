import type { Readable } from "node:stream";

// The upload's body as Node's request stream, when scripts/upload-body.mjs (preloaded by `npm
// start`) remembered it for this request: read from there, a raw body skips the web stream
// Next.js wraps it in (the reason is in that file). Taken once, so one reader only.

const HEADER = "x-cachetrail-body";
const REGISTRY = Symbol.for("cachetrail.uploadBodies");

type Registry = Map<string, Readable>;

/** The Node stream of this request's body, or null (no preload, or not an upload): then read `request.body`. */
export function takeNodeRequestBody(headers: Headers): Readable | null {
  const id = headers.get(HEADER);
  const bodies = (globalThis as { [REGISTRY]?: Registry })[REGISTRY];
  if (!id || !bodies) return null;
  const body = bodies.get(id);
  bodies.delete(id);
  // Something already read from it (or the client is gone): the web stream's path, as before.
  return body && !body.readableDidRead && !body.destroyed ? body : null;
}
