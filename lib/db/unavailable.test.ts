import { describe, expect, it } from "vitest";
import { isConnectionLost, isDatabaseUnavailable, retryWhileConnectionLost } from "./unavailable";

const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
/** A stopped embedded server reached through its Unix socket: the socket file is gone. */
const noSocket = Object.assign(new Error("connect ENOENT /work/.data/pg/.s.PGSQL.5432"), { code: "ENOENT" });
const shutdown = Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" });
const timeout = Object.assign(new Error("canceling statement due to statement timeout"), { code: "57014" });
const overflow = Object.assign(new Error("value overflows numeric format"), { code: "22003" });

describe("isConnectionLost", () => {
  it("is true for a refused, closed or shut-down connection, also wrapped as a cause", () => {
    expect(isConnectionLost(refused)).toBe(true);
    expect(isConnectionLost(noSocket)).toBe(true);
    expect(isDatabaseUnavailable(noSocket)).toBe(true);
    expect(isConnectionLost(shutdown)).toBe(true);
    expect(isConnectionLost(new Error("Connection terminated unexpectedly"))).toBe(true);
    expect(isConnectionLost(new Error("wrapped", { cause: refused }))).toBe(true);
  });

  it("is false for a statement timeout (sending it again would time out again) and for bad data", () => {
    expect(isConnectionLost(timeout)).toBe(false);
    expect(isDatabaseUnavailable(timeout)).toBe(true);
    expect(isConnectionLost(overflow)).toBe(false);
  });
});

describe("retryWhileConnectionLost", () => {
  it("sends the work again until the connection is back", async () => {
    let calls = 0;
    const waits: number[] = [];
    const result = await retryWhileConnectionLost(
      async () => {
        calls++;
        if (calls < 4) throw refused;
        return "stored";
      },
      { maxWaitMs: 10_000, firstWaitMs: 1, onRetry: (_e, wait) => waits.push(wait) },
    );
    expect(result).toBe("stored");
    expect(calls).toBe(4);
    expect(waits).toEqual([1, 2, 4]);
  });

  it("rethrows any other error at once", async () => {
    let calls = 0;
    const failing = retryWhileConnectionLost(
      async () => {
        calls++;
        throw overflow;
      },
      { maxWaitMs: 10_000, firstWaitMs: 1 },
    );
    await expect(failing).rejects.toBe(overflow);
    expect(calls).toBe(1);
  });

  it("gives up with the last error once the wait would pass maxWaitMs", async () => {
    let calls = 0;
    const failing = retryWhileConnectionLost(
      async () => {
        calls++;
        throw refused;
      },
      { maxWaitMs: 0, firstWaitMs: 1 },
    );
    await expect(failing).rejects.toBe(refused);
    expect(calls).toBe(1);
  });

  it("stops waiting when the caller aborts", async () => {
    const controller = new AbortController();
    let calls = 0;
    const failing = retryWhileConnectionLost(
      async () => {
        calls++;
        if (calls === 2) controller.abort();
        throw refused;
      },
      { maxWaitMs: 60_000, firstWaitMs: 1, signal: controller.signal },
    );
    await expect(failing).rejects.toBe(refused);
    expect(calls).toBe(2);
  });
});
