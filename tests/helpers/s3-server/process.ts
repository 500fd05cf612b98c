import { mkdir, readdir } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import S3rver from "s3rver";
import type { Command, LoggedRequest, Ready, Reply } from "./protocol";

// A real S3 REST server (npm s3rver 3.7.1) for tests and benchmarks, run as a process of its own
// (tests/helpers/s3-server.ts starts it) because s3rver signs ListObjectsV2 continuation tokens
// with DES, which OpenSSL 3 only offers with Node's --openssl-legacy-provider.
// In front of s3rver's routes sits one Koa middleware that
// - records every request (method, key, list prefix, page token): the tests' request log;
// - answers GetObject of chosen keys (or every listing) with 403 AccessDenied, as S3 does when a
//   bucket policy denies them (s3rver has no bucket policies);
// - cuts the connection in the middle of the next download of chosen keys (a network failure);
// - answers every request with S3's 301 PermanentRedirect naming another region, when asked.
// And one repair: s3rver's delimiter listings miss every common prefix whose objects sit more
// than one folder below it (its directory walk prunes those folders before looking inside) —
// that is the whole CloudTrail layout — so they are computed from s3rver's own store folders.
// Usage: node --openssl-legacy-provider --import tsx process.ts <directory> <bucket> [port]

interface KoaContext {
  method: string;
  path: string;
  query: Record<string, string | string[] | undefined>;
  status: number;
  length: number | undefined;
  body: unknown;
  type: string;
  respond: boolean;
  res: ServerResponse & IncomingMessage;
  set(field: string, value: string): void;
}

interface ListResult {
  objects: unknown[];
  commonPrefixes: string[];
  isTruncated: boolean;
}

interface FilesystemStore {
  getBucketPath(bucket: string): string;
  putBucket(bucket: string): Promise<void>;
  listObjects(bucket: string, options: { delimiter?: string; prefix?: string }): Promise<ListResult>;
}

interface S3rverInstance {
  store: FilesystemStore;
  middleware: ((ctx: KoaContext, next: () => Promise<void>) => Promise<void>)[];
  run(): Promise<{ address: string; port: number }>;
}

const [directory, bucket, port] = process.argv.slice(2);
if (!directory || !bucket) throw new Error("Usage: process.ts <directory> <bucket> [port]");

const log: LoggedRequest[] = [];
const denied = new Set<string>();
const flaky = new Set<string>();
let redirectToRegion: string | null = null;
let listingDenied = false;

const OBJECT_SUFFIX = "._S3rver_object";

/** The sub-folders of `folder` (a key prefix ending in "/") that hold at least one object, at any depth. */
async function foldersWithObjects(bucketPath: string, folder: string): Promise<string[]> {
  const entries = await readdir(path.join(bucketPath, folder), { withFileTypes: true }).catch(() => []);
  const found: string[] = [];
  for (const entry of entries.filter((e) => e.isDirectory())) {
    const inside = await readdir(path.join(bucketPath, folder, entry.name), { recursive: true });
    if (inside.some((name) => name.endsWith(OBJECT_SUFFIX))) found.push(`${folder}${entry.name}/`);
  }
  return found.sort();
}

function s3ErrorXml(code: string, message: string, extra = ""): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<Error><Code>${code}</Code><Message>${message}</Message>${extra}<RequestId>4442587FB7D0A2F9</RequestId></Error>`
  );
}

async function breakOff(ctx: KoaContext): Promise<void> {
  const length = ctx.length ?? 0;
  const half = Math.floor(length / 2);
  ctx.respond = false;
  ctx.res.writeHead(200, { "content-length": String(length), "content-type": "application/octet-stream" });
  let sent = 0;
  for await (const chunk of ctx.body as AsyncIterable<Buffer>) {
    const part = chunk.subarray(0, Math.max(0, half - sent));
    if (part.length > 0) ctx.res.write(part);
    sent += part.length;
    if (sent >= half) break;
  }
  // Let the client take in the headers and the first half before the connection drops; a reset
  // that arrives first looks like a failed request, which the SDK retries by itself.
  await new Promise((resolve) => setTimeout(resolve, 200));
  ctx.res.destroy();
}

async function handle(ctx: KoaContext, next: () => Promise<void>): Promise<void> {
  const [, , ...rest] = ctx.path.split("/");
  const key = decodeURIComponent(rest.join("/"));
  const entry: LoggedRequest = {
    method: ctx.method,
    key,
    prefix: key === "" && ctx.method === "GET" ? (typeof ctx.query.prefix === "string" ? ctx.query.prefix : "") : null,
    continuation: typeof ctx.query["continuation-token"] === "string",
    status: 0,
  };
  log.push(entry);
  if (redirectToRegion) {
    ctx.status = 301;
    ctx.set("x-amz-bucket-region", redirectToRegion);
    ctx.type = "application/xml";
    ctx.body = s3ErrorXml(
      "PermanentRedirect",
      "The bucket you are attempting to access must be addressed using the specified endpoint.",
      `<Endpoint>${bucket}.s3.${redirectToRegion}.amazonaws.com</Endpoint><Bucket>${bucket}</Bucket>`,
    );
  } else if (ctx.method === "GET" && (denied.has(key) || (listingDenied && key === ""))) {
    ctx.status = 403;
    ctx.type = "application/xml";
    ctx.body = s3ErrorXml("AccessDenied", "Access Denied");
  } else if (ctx.method === "GET" && flaky.delete(key)) {
    await next();
    await breakOff(ctx);
  } else {
    await next();
  }
  entry.status = ctx.status;
}

function obey(command: Command): Reply["log"] {
  switch (command.op) {
    case "deny":
      denied.add(command.key);
      return;
    case "allow":
      denied.delete(command.key);
      return;
    case "flaky":
      flaky.add(command.key);
      return;
    case "redirect":
      redirectToRegion = command.region;
      return;
    case "deny-listing":
      listingDenied = command.denied;
      return;
    case "log":
      return log;
    case "clear-log":
      log.length = 0;
      return;
  }
}

async function main(): Promise<void> {
  await mkdir(directory!, { recursive: true });
  const server = new (S3rver as new (options: object) => S3rverInstance)({
    address: "127.0.0.1",
    port: Number(port ?? 0),
    silent: true,
    directory,
  });
  const listObjects = server.store.listObjects.bind(server.store);
  server.store.listObjects = async (name, options) => {
    const result = await listObjects(name, options);
    const prefix = options.prefix ?? "";
    if (options.delimiter === "/" && (prefix === "" || prefix.endsWith("/")))
      result.commonPrefixes = await foldersWithObjects(server.store.getBucketPath(name), prefix);
    return result;
  };
  server.middleware.unshift(handle);
  const address = await server.run();
  await server.store.putBucket(bucket!);
  const ready: Ready = { ready: true, endpoint: `http://127.0.0.1:${address.port}` };
  if (process.send) process.send(ready);
  else console.log(JSON.stringify(ready));
  process.on("message", (message: Command & { id: number }) => {
    process.send?.({ id: message.id, log: obey(message) } satisfies Reply);
  });
  process.on("disconnect", () => process.exit(0));
}

main().catch((error: unknown) => {
  const failed: Ready = { ready: false, error: error instanceof Error ? error.message : String(error) };
  if (process.send) process.send(failed);
  else console.error(failed.error);
  process.exit(1);
});
