// Messages between a test (tests/helpers/s3-server.ts) and its S3 server process (process.ts).

export interface LoggedRequest {
  method: string;
  /** The object key for object requests, "" for bucket requests. */
  key: string;
  /** ListObjectsV2's prefix when listing, else null. */
  prefix: string | null;
  /** Whether the listing asked for a further page. */
  continuation: boolean;
  status: number;
}

export type Command =
  | { op: "deny" | "allow" | "flaky"; key: string }
  | { op: "redirect"; region: string | null }
  | { op: "deny-listing"; denied: boolean }
  | { op: "log" }
  | { op: "clear-log" };

export type Reply = { id: number; log?: LoggedRequest[] };

export type Ready = { ready: true; endpoint: string } | { ready: false; error: string };
