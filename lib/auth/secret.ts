import "server-only";
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { dataDir, env } from "@/lib/env";

// The key that signs session cookies: CACHETRAIL_AUTH_SECRET, or one generated on first use and
// kept (mode 0600) in the data directory beside the embedded database's password, so a fresh
// clone needs no setting. Several servers behind one load balancer must share the setting.

let cached: string | undefined;

export function authSecret(): string {
  if (cached) return cached;
  if (env.CACHETRAIL_AUTH_SECRET) return (cached = env.CACHETRAIL_AUTH_SECRET);
  const file = path.join(dataDir, "auth-secret");
  try {
    cached = readFileSync(file, "utf8").trim();
  } catch {
    mkdirSync(dataDir, { recursive: true });
    try {
      writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600, flag: "wx" });
    } catch {
      // Another process wrote it first: read theirs.
    }
    cached = readFileSync(file, "utf8").trim();
  }
  return cached;
}
