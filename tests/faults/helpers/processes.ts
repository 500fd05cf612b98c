import { spawn, type ChildProcess } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { createInterface } from "node:readline";
import { gzipSync } from "node:zlib";
import { expect } from "vitest";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { generateElastiCacheRecords } from "@/tools/corpus";

// What the fault tests share: their input files, the processes they start and kill (every one
// is remembered, so afterAll can end what a failed test left running), waiting on conditions
// rather than on time, and the check that every stored event is counted once.

export const FILES = 12;
export const PER_FILE = 1000;

/** FILES gzipped {"Records":[…]} files of PER_FILE ElastiCache records under `dir`; their paths. */
export async function writeLogs(dir: string, seed: number): Promise<string[]> {
  const records = generateElastiCacheRecords(FILES * PER_FILE, seed);
  await mkdir(dir, { recursive: true });
  const files: string[] = [];
  for (let i = 0; i < FILES; i++) {
    const file = path.join(dir, `f${String(i).padStart(2, "0")}.json.gz`);
    await writeFile(file, gzipSync(JSON.stringify({ Records: records.slice(i * PER_FILE, (i + 1) * PER_FILE) })));
    files.push(file);
  }
  return files;
}

const started = new Set<ChildProcess>();

export function track(child: ChildProcess): ChildProcess {
  started.add(child);
  return child;
}

/** SIGKILL to every process a test started that is still running. */
export function killAll(): void {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
}

export const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) =>
    child.exitCode !== null || child.signalCode !== null ? resolve(child.exitCode) : child.once("exit", resolve),
  );

/** Polls `condition` every 100 ms until it holds; fails after `ms` with what was awaited. */
export async function until(condition: () => Promise<boolean> | boolean, what: string, ms = 120_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`waited ${ms / 1000} s for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export interface RouteServer {
  child: ChildProcess;
  port: number;
  stderr: () => string;
}

/** tests/helpers/route-server.ts against `databaseUrl`, once it listens (it closes abandoned runs first). */
export async function startRouteServer(databaseUrl: string): Promise<RouteServer> {
  const child = track(
    spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "tests/helpers/route-server.ts"], {
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: ["ignore", "pipe", "pipe"],
    }),
  );
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-20_000)));
  const first = await createInterface({ input: child.stdout! })[Symbol.asyncIterator]().next();
  if (first.done) throw new Error(`the server ended before listening (${child.exitCode}): ${stderr}`);
  const { port } = JSON.parse(first.value as string) as { port: number };
  return { child, port, stderr: () => stderr };
}

/** Stored events counted once: every counter equals the rows it counts; no run left running. */
export async function expectConsistent(prisma: PrismaClient): Promise<void> {
  const [c] = await prisma.$queryRaw<
    { events: number; actors: number; resources: number; links: number; facets: number }[]
  >`
    SELECT (SELECT count(*)::int FROM event) AS events,
      (SELECT coalesce(sum(event_count), 0)::int FROM actor) AS actors,
      (SELECT coalesce(sum(event_count), 0)::int FROM resource) AS resources,
      (SELECT count(*)::int FROM event_resource) AS links,
      (SELECT coalesce(sum(event_count), 0)::int FROM event_facet_count WHERE field = 'name') AS facets`;
  expect(c!.actors).toBe(c!.events);
  expect(c!.facets).toBe(c!.events);
  expect(c!.resources).toBe(c!.links);
  expect(await prisma.ingestRun.count({ where: { status: "running" } })).toBe(0);
  expect(await prisma.ingestFile.count({ where: { outcome: "pending" } })).toBe(0);
  // What each run says it stored is what is there, run by run.
  const runs = await prisma.ingestRun.findMany({ select: { id: true, stored: true } });
  for (const run of runs) expect(run.stored).toBe(await prisma.event.count({ where: { ingestRunId: run.id } }));
}
