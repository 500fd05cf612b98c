import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { killAll, track, until } from "./helpers/processes";

// The embedded PostgreSQL shared by several CacheTrail processes (server, CLI, worker): first
// starts at the same moment on a fresh data directory initialise and start it once; it stays up
// while any of them uses it, whichever started it; the last one to leave stops it, also when
// the others were killed (their leases are recognised as dead).

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), "cachetrail-embedded-"));
});
afterAll(async () => {
  killAll();
  // Whatever a failed test left running is stopped before its files go.
  const pid = Number(
    (await readFile(path.join(dataDir, "pg", "postmaster.pid"), "utf8").catch(() => "")).split("\n")[0],
  );
  if (pid > 0) {
    try {
      process.kill(pid, "SIGINT");
      await until(() => !alive(pid), "PostgreSQL to stop");
    } catch {
      // already gone
    }
  }
  await rm(dataDir, { recursive: true, force: true });
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

interface User {
  child: ChildProcess;
  url: string;
  release(): Promise<void>;
}

/** A process using the server of dataDir; resolves once it has the server's address. */
function user(): Promise<User> {
  const child = track(
    spawn(process.execPath, ["--import", "tsx", "tests/faults/helpers/embedded-user.ts", dataDir], {
      stdio: ["pipe", "pipe", "pipe"],
    }),
  );
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const next = async (): Promise<Record<string, unknown>> => {
    const { value, done } = await lines.next();
    if (done) throw new Error(`the process ended (${child.exitCode}): ${stderr}`);
    return JSON.parse(value as string) as Record<string, unknown>;
  };
  return next().then((first) => ({
    child,
    url: first.url as string,
    async release() {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.stdin!.write("release\n");
      expect(await next()).toEqual({ released: true });
      await exited;
    },
  }));
}

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

const running = () => existsSync(path.join(dataDir, "pg", "postmaster.pid"));

describe("the embedded PostgreSQL, shared by several processes", () => {
  it("three first starts at once initialise it once and share one server; it stays up until the last leaves", async () => {
    const users = await Promise.all([user(), user(), user()]);
    expect(new Set(users.map((u) => u.url)).size).toBe(1);
    const url = users[0]!.url;
    expect(await answers(url)).toBe(true);
    // One set of credentials, one cluster: the address every process was given works.
    const credentials = JSON.parse(await readFile(path.join(dataDir, "postgres.json"), "utf8")) as { user: string };
    expect(new URL(url).username).toBe(credentials.user);

    // Whichever started it, the first two leaving leave it running for the third.
    await users[0]!.release();
    await users[1]!.release();
    expect(await answers(url)).toBe(true);
    expect(running()).toBe(true);

    await users[2]!.release();
    expect(running()).toBe(false);
    expect(await answers(url)).toBe(false);
  });

  it("a user killed with SIGKILL leaves a dead lease: the last live user still stops the server", async () => {
    const [a, b] = await Promise.all([user(), user()]);
    expect(a.url).toBe(b.url);
    a.child.kill("SIGKILL");
    await new Promise((resolve) =>
      a.child.exitCode !== null || a.child.signalCode ? resolve(null) : a.child.once("exit", resolve),
    );
    expect(await answers(b.url)).toBe(true);
    await b.release();
    expect(running()).toBe(false);
  });

  it("a user arriving after the server stopped starts it again on the same data", async () => {
    const first = await user();
    const client = new pg.Client({ connectionString: first.url });
    await client.connect();
    await client.query("CREATE TABLE IF NOT EXISTS kept (v text)");
    await client.query("INSERT INTO kept VALUES ('still here')");
    await client.end();
    await first.release();
    expect(running()).toBe(false);

    const again = await user();
    const c2 = new pg.Client({ connectionString: again.url });
    await c2.connect();
    const { rows } = await c2.query<{ v: string }>("SELECT v FROM kept");
    await c2.end();
    expect(rows).toEqual([{ v: "still here" }]);
    await again.release();
    expect(running()).toBe(false);
  });
});
