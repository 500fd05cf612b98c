import path from "node:path";
import { z } from "zod";

// Every setting CacheTrail reads from the environment, validated once.
const byteSize = z.coerce.number().int().positive();

const schema = z.object({
  DATABASE_URL: z.string().url().optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  CACHETRAIL_DATA_DIR: z.string().default(".data"),
  /** Preferred port of the embedded PostgreSQL; 0 or a busy port means any free one. */
  CACHETRAIL_PG_PORT: z.coerce.number().int().min(0).max(65535).default(54329),
  /** Largest upload accepted, as sent (compressed). */
  INGEST_MAX_FILE_BYTES: byteSize.default(1024 ** 3),
  /** Largest decompressed size of one file: the gzip-bomb guard. */
  INGEST_MAX_DECOMPRESSED_BYTES: byteSize.default(4 * 1024 ** 3),
  INGEST_MAX_RECORD_BYTES: byteSize.default(1024 ** 2),
  /** Files (multipart parts) in one upload request. */
  INGEST_MAX_PARTS: z.coerce.number().int().positive().default(10_000),
  /** Decompressed bytes of all the files of one upload request together. */
  INGEST_MAX_REQUEST_DECOMPRESSED_BYTES: byteSize.default(16 * 1024 ** 3),
  /** Uploads ingested at once by one server; more wait (see INGEST_QUEUE_WAIT_SECONDS). */
  INGEST_MAX_CONCURRENT: z.coerce.number().int().min(1).max(64).default(2),
  /** How long an upload waits for its turn before a 429 with Retry-After. */
  INGEST_QUEUE_WAIT_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
  /** The longest an upload request may take to arrive (Node's default, 300 s, cuts a folder upload). */
  INGEST_REQUEST_TIMEOUT_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 3600)
    .default(6 * 3600),
  /** Every other request must arrive within this (slow-client guard). */
  CACHETRAIL_REQUEST_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(3600).default(300),
  /** How long an ingest (CLI, upload, sync) waits for a lost database to come back before its file fails. */
  INGEST_DB_RETRY_SECONDS: z.coerce.number().int().min(0).max(3600).default(120),
  /**
   * The dashboard server's V8 heap (--max-old-space-size). Without a bound V8 collects lazily on a
   * 24 GiB machine and the server's RSS grew to 648 MiB under 20 clients and a 200 MB upload. With
   * the heap let grow 4× between collections (scripts/server-heap-flags.ts) it fills to the bound
   * before collecting: 513 MiB at 320, 435–470 MiB at 256 (docs/benchmarks.md, "Upload", session 25).
   */
  CACHETRAIL_SERVER_HEAP_MB: z.coerce.number().int().min(128).max(65_536).default(256),
  /** How long a request waits for a database connection before a 503. */
  CACHETRAIL_DB_ACQUIRE_TIMEOUT_SECONDS: z.coerce.number().min(1).max(600).default(15),
  /** statement_timeout of the app's connections (0 = none); long ingest statements are exempt. */
  CACHETRAIL_DB_STATEMENT_TIMEOUT_SECONDS: z.coerce.number().int().min(0).max(86_400).default(60),
  /**
   * Seals the access keys entered for S3 sources (AES-256-GCM, lib/sources/secret-box.ts). Without
   * it, sources use the AWS SDK's default credential chain only. Changing it makes stored keys unreadable.
   */
  CACHETRAIL_SECRET_KEY: z
    .string()
    .min(32, "must be at least 32 characters (for example the output of `openssl rand -base64 32`)")
    .optional(),
  /** S3 objects a worker reads at once. */
  CACHETRAIL_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  /** How often an idle worker asks the queue for work; pg-boss allows 0.5 at the least. */
  CACHETRAIL_JOB_POLL_SECONDS: z.coerce.number().min(0.5).max(60).default(1),
  /** Further attempts at an S3 object after a failed read, with exponential backoff from the delay. */
  CACHETRAIL_S3_RETRIES: z.coerce.number().int().min(0).max(20).default(3),
  CACHETRAIL_S3_RETRY_DELAY_SECONDS: z.coerce.number().int().min(1).max(3600).default(10),
  /**
   * CloudTrail's endpoint for ListPublicKeys (digest signatures, docs/completeness.md): a VPC endpoint.
   * Unset: AWS's regional endpoint; sources with their own S3 endpoint are then not asked.
   */
  CACHETRAIL_CLOUDTRAIL_ENDPOINT: z.string().url().optional(),
  /** How long an object stays with a worker that stopped showing progress on it (crashed). */
  CACHETRAIL_S3_LEASE_SECONDS: z.coerce.number().int().min(2).max(3600).default(60),
  // Sign-in and hardening (docs/security.md).
  /** Listen address of `npm start`: loopback unless exposed on purpose (then behind HTTPS). */
  HOST: z.string().min(1).default("127.0.0.1"),
  /** Host names the server answers to (comma-separated), besides loopback: the DNS-rebinding guard. */
  CACHETRAIL_ALLOWED_HOSTS: z.string().optional(),
  /**
   * Reverse proxies in front of the server that append the client's address to X-Forwarded-For
   * (0: none, X-Forwarded-For is ignored and the TCP peer is the client; docs/security.md).
   */
  CACHETRAIL_TRUSTED_PROXIES: z.coerce.number().int().min(0).max(10).default(0),
  /** The address people use, e.g. https://cachetrail.example.com: https makes cookies Secure. */
  CACHETRAIL_PUBLIC_URL: z.string().url().optional(),
  /** Signs session cookies. Without it, a random one is kept in the data directory. */
  CACHETRAIL_AUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  /** Created (or reset to this password and the admin role) at start-up, for unattended installs. */
  ADMIN_EMAIL: z.string().email().optional(),
  ADMIN_PASSWORD: z.string().min(12, "must be at least 12 characters").optional(),
  /** Single sign-on with OpenID Connect: all of issuer, client id and secret, or none. */
  OIDC_ISSUER: z.string().url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  /** The button's label on the sign-in page. */
  OIDC_NAME: z.string().min(1).default("single sign-on"),
  /** Comma-separated e-mail domains whose people may sign in with SSO; empty means any. */
  OIDC_ALLOWED_DOMAINS: z.string().default(""),
  /** The role an SSO user gets on first sign-in. */
  OIDC_DEFAULT_ROLE: z.enum(["viewer", "uploader", "admin"]).default("viewer"),
});

export type Env = z.infer<typeof schema>;
/** The settings' schema, for the test that keeps the README's settings table true. */
export const envSchema = schema;

function load(): Env {
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid environment:\n${problems}`);
  }
  return parsed.data;
}

export const env = load();
export const dataDir = path.resolve(env.CACHETRAIL_DATA_DIR);
