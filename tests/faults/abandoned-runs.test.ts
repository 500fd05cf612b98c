import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { hostname } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { processOwner } from "@/lib/ingest/run-owner";
import { closeAbandonedRuns, STALE_MS } from "@/lib/ingest/runs";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { exited } from "./helpers/processes";

// Which runs a live process closes as aborted, and why: an owner on this machine whose process is
// gone, an owner from before the machine restarted, and any owner — on other machines, which
// cannot be asked, or hung here — with no heartbeat for STALE_MS. A run whose owner beats stays.

let t: TestDatabase;
let sourceId: bigint;
beforeAll(async () => {
  t = await createTestDatabase();
  sourceId = (await t.prisma.source.create({ data: { kind: "cli", name: "abandoned-runs" } })).id;
});
afterAll(() => t.drop());

const NOW = new Date("2026-12-05T12:00:00Z");
const HOST = hostname().replaceAll("/", "_");
const BOOT = readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim();

async function run(owner: string, beatSecondsAgo: number): Promise<bigint> {
  const heartbeatAt = new Date(NOW.getTime() - beatSecondsAgo * 1000);
  const { id } = await t.prisma.ingestRun.create({
    data: { sourceId, status: "running", owner, heartbeatAt, startedAt: heartbeatAt },
  });
  return id;
}

async function outcome(id: bigint): Promise<{ status: string; error: string | null }> {
  const { status, error } = await t.prisma.ingestRun.findUniqueOrThrow({ where: { id } });
  return { status, error };
}

describe("closeAbandonedRuns", () => {
  it("closes exactly the runs whose owner is gone or silent, each with its reason", async () => {
    const dead = spawn(process.execPath, ["-e", ""]);
    await exited(dead);
    const silentFor = STALE_MS / 1000 + 1;
    const runs = {
      alive: await run(processOwner(), 1),
      // Alive but hung (no beat for a minute): closed too, or the pages would poll it forever.
      hung: await run(processOwner(), silentFor),
      deadPid: await run(processOwner(dead.pid!), 1),
      rebooted: await run(`${HOST}/an-earlier-boot/${process.pid}`, 1),
      elsewhereBeating: await run("another-host/boot/42", STALE_MS / 1000 - 1),
      elsewhereSilent: await run("another-host/boot/43", silentFor),
    };
    expect(BOOT).not.toBe("an-earlier-boot");

    expect(await closeAbandonedRuns(t.prisma, NOW)).toBe(4);
    const silentSince = new Date(NOW.getTime() - silentFor * 1000).toISOString();
    expect({
      alive: await outcome(runs.alive),
      hung: await outcome(runs.hung),
      deadPid: await outcome(runs.deadPid),
      rebooted: await outcome(runs.rebooted),
      elsewhereBeating: await outcome(runs.elsewhereBeating),
      elsewhereSilent: await outcome(runs.elsewhereSilent),
    }).toEqual({
      alive: { status: "running", error: null },
      hung: { status: "aborted", error: `aborted: its process showed no sign of life after ${silentSince}` },
      deadPid: { status: "aborted", error: `aborted: process ${dead.pid} that ran it ended without closing it` },
      rebooted: { status: "aborted", error: `aborted: the machine restarted while process ${process.pid} ran it` },
      elsewhereBeating: { status: "running", error: null },
      elsewhereSilent: { status: "aborted", error: `aborted: its process showed no sign of life after ${silentSince}` },
    });
    // A second look finds nothing more to close.
    expect(await closeAbandonedRuns(t.prisma, NOW)).toBe(0);
  });
});
