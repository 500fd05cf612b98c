// Integration, memory and e2e tests create, fill and drop databases on the server they are given.
// A DATABASE_URL left in the shell for a shared or production server must not become that
// server: the tests refuse any host but this machine unless the override below says so.

export const ALLOW_REMOTE_DATABASE = "CACHETRAIL_TEST_ALLOW_REMOTE_DATABASE";

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "::1", "[::1]"]);

/** A Unix socket directory ("/var/run/postgresql") is on this machine too. */
const isLocal = (host: string) => host.startsWith("/") || LOCAL_HOSTS.has(host.toLowerCase());

/**
 * The hosts a connection URL would reach: the URL's own, or those of its `host` parameter, or
 * libpq's default (PGHOST, else a local socket) when it names none. null when it is not a URL.
 */
export function databaseHosts(url: string, pgHost?: string): string[] | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== "postgres:" && parsed.protocol !== "postgresql:") return null;
  const named = parsed.searchParams.get("host") ?? (decodeURIComponent(parsed.hostname) || pgHost || "localhost");
  return named.split(",").map((h) => h.trim());
}

/** Throws unless every database URL in `names` that is set points at this machine. */
export function assertLocalDatabases(env: Record<string, string | undefined>, names: readonly string[]): void {
  if (env[ALLOW_REMOTE_DATABASE] === "1") return;
  for (const name of names) {
    const url = env[name];
    if (!url) continue;
    const hosts = databaseHosts(url, env.PGHOST);
    if (hosts === null) {
      throw new Error(`${name} cannot be read as a postgresql:// URL, so the tests cannot tell it is on this machine.`);
    }
    const remote = hosts.filter((h) => !isLocal(h));
    if (remote.length > 0) {
      throw new Error(
        `${name} points at ${remote.join(", ")}, not this machine, and the tests create and drop databases ` +
          `there. Unset it, or set ${ALLOW_REMOTE_DATABASE}=1 if that server is meant for tests.`,
      );
    }
  }
}
