// Cross-resource history at scale (issue 18's target: "Timeline page p95 at 1 M events stays within its
// target (< 150 ms) for a replication group with 90 members"): one replication group of 90 member clusters
// (15 shards × 6) whose every group-wide change reaches each member (lib/history/effects.ts), living through
// the same weeks as the ≥ 1 M event data set of bench:queries, so the page's account-wide reads walk real
// data. What is timed is what GET /api/resources/<account>/<region>/<kind>/<id> does — loadResourcePage
// and the JSON of its answer — and GET …/timeline?cursor= (the next page), for the group and a member:
// on a process's first view (stored facts read back) and once held in memory; building from every event
// (what the sweeper does ahead of a first view) is shown apart. Each row also says how many SQL round
// trips one view took and how big its answer was.
//   npx tsx scripts/bench/queries/history-effects.ts [-- --events 1000000 --runs 40]
// writes its own section of docs/benchmarks.md; `npm run bench:queries` runs the same cases
// (historyEffectCases) with the others.
import { spawnSync } from "node:child_process";
import os from "node:os";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { normaliseRecord } from "@/lib/cloudtrail/normalise";
import type { NormalisedEvent } from "@/lib/cloudtrail/types";
import { closePrismaClient, createPrismaClient } from "@/lib/db/create-client";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { poolOf } from "@/lib/db/create-client";
import { storeEvents } from "@/lib/ingest/store";
import { machineDescription, markdownTable, writeBenchmarkSection } from "../report";
import type { QueryBench } from "./data-set";
import type { Case, Result } from "./measure";

const GROUP = "Configuration history effects (lib/history/effects.ts)";
const ACCOUNT = "111122223333";
const REGION = "us-east-1";
export const EFFECTS_GROUP_ID = "bench-effects-rg";
const SHARDS = 15;
const PER_SHARD = 6;
/** Group-wide changes, each reaching all 90 members. */
const GROUP_CHANGES = 400;
/** Polls of the group by a monitoring agent. */
const GROUP_READS = 6_000;
/** The data set's first instant and (about) its span: 1 M events of a busy estate take 23 days (data-set.ts). */
const START = Date.UTC(2025, 0, 1);
const SPAN = 22 * 86_400_000;

const memberId = (shard: number, n: number) =>
  `${EFFECTS_GROUP_ID}-${String(shard).padStart(4, "0")}-${String(n).padStart(3, "0")}`;

function groupResponse(status: string, nodeType: string) {
  const nodeGroups = Array.from({ length: SHARDS }, (_, s) => ({
    nodeGroupId: String(s + 1).padStart(4, "0"),
    status: "available",
    nodeGroupMembers: Array.from({ length: PER_SHARD }, (_, m) => ({
      cacheClusterId: memberId(s + 1, m + 1),
      cacheNodeId: "0001",
    })),
  }));
  return {
    replicationGroupId: EFFECTS_GROUP_ID,
    description: "bench group of 90 members",
    status,
    pendingModifiedValues: {},
    memberClusters: nodeGroups.flatMap((g) => g.nodeGroupMembers.map((m) => m.cacheClusterId)).sort(),
    nodeGroups,
    clusterEnabled: true,
    cacheNodeType: nodeType,
    transitEncryptionEnabled: true,
    atRestEncryptionEnabled: true,
    authTokenEnabled: true,
  };
}

function cloudTrail(i: number, time: number, eventName: string, request: unknown, response: unknown, read = false) {
  const hex = i.toString(16).padStart(12, "0");
  return {
    eventVersion: "1.09",
    userIdentity: {
      type: "IAMUser",
      principalId: read ? "AIDABENCHMONITOR" : "AIDABENCHOPS",
      arn: `arn:aws:iam::${ACCOUNT}:user/${read ? "bench-monitor" : "bench-ops"}`,
      accountId: ACCOUNT,
      userName: read ? "bench-monitor" : "bench-ops",
    },
    eventTime: new Date(time).toISOString().replace(/\.\d{3}Z$/, "Z"),
    eventSource: "elasticache.amazonaws.com",
    eventName,
    awsRegion: REGION,
    sourceIPAddress: "198.51.100.20",
    userAgent: "aws-cli/2.15.0",
    requestParameters: request,
    responseElements: response,
    requestID: `bench-effects-request-${hex}`,
    eventID: `00000000-effe-4000-8000-${hex}`,
    readOnly: read,
    eventType: "AwsApiCall",
    recipientAccountId: ACCOUNT,
  };
}

/** The group's life: created, then modified through the data set's weeks (node type, windows, auth), polled in between. */
function effectRecords(): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const types = ["cache.r6g.large", "cache.r6g.xlarge"];
  out.push(
    cloudTrail(
      0,
      START,
      "CreateReplicationGroup",
      {
        replicationGroupId: EFFECTS_GROUP_ID,
        replicationGroupDescription: "bench group of 90 members",
        engine: "redis",
        engineVersion: "7.1",
        cacheNodeType: types[0],
        numNodeGroups: SHARDS,
        replicasPerNodeGroup: PER_SHARD - 1,
        transitEncryptionEnabled: true,
        atRestEncryptionEnabled: true,
        authToken: "***MASKED***",
      },
      groupResponse("creating", types[0]!),
    ),
  );
  for (let i = 1; i <= GROUP_CHANGES; i++) {
    const time = START + Math.floor((i * SPAN) / (GROUP_CHANGES + 1));
    const kind = i % 4;
    const type = types[Math.floor(i / 4) % 2]!;
    const request =
      kind === 0
        ? { replicationGroupId: EFFECTS_GROUP_ID, cacheNodeType: type, applyImmediately: true }
        : kind === 1
          ? {
              replicationGroupId: EFFECTS_GROUP_ID,
              preferredMaintenanceWindow: `sun:0${i % 6}:00-sun:0${(i % 6) + 1}:00`,
            }
          : kind === 2
            ? { replicationGroupId: EFFECTS_GROUP_ID, snapshotWindow: `0${i % 6}:00-0${(i % 6) + 1}:00` }
            : {
                replicationGroupId: EFFECTS_GROUP_ID,
                authToken: "***MASKED***",
                authTokenUpdateStrategy: "ROTATE",
                applyImmediately: true,
              };
    out.push(cloudTrail(i, time, "ModifyReplicationGroup", request, groupResponse("modifying", type)));
  }
  for (let r = 0; r < GROUP_READS; r++) {
    const time = START + Math.floor(((r + 0.5) * SPAN) / GROUP_READS);
    out.push(
      cloudTrail(
        GROUP_CHANGES + 1 + r,
        time,
        "DescribeReplicationGroups",
        { replicationGroupId: EFFECTS_GROUP_ID },
        null,
        true,
      ),
    );
  }
  return out;
}

/** Adds the group's events to the loaded data set once (they are recognised by the group's resource row). */
async function ensureEffectsData(prisma: PrismaClient): Promise<void> {
  const [existing] = await prisma.$queryRaw<Array<{ event_count: number }>>`
    SELECT event_count FROM resource WHERE kind = 'replication-group' AND resource_id = ${EFFECTS_GROUP_ID}`;
  if (existing) return;
  const events: NormalisedEvent[] = [];
  for (const r of effectRecords()) {
    const result = normaliseRecord(r);
    if (result.ok) events.push(result.event);
  }
  for (let i = 0; i < events.length; i += 2_000) {
    await storeEvents(prisma, events.slice(i, i + 2_000), { runId: null, fileId: null });
  }
  await prisma.$executeRaw`ANALYZE event_resource`;
  console.error(`Added ${events.length} events of a 90-member replication group to the data set.`);
}

export async function historyEffectCases(prisma: PrismaClient): Promise<Case[]> {
  // Imported here: server-only modules (this process runs with react-server).
  const { loadResourcePage, loadTimelinePage } = await import("@/lib/resources/resource-page");
  const { clearResourceStateCache, storedFactsSettled, storeCurrentFacts } =
    await import("@/lib/resources/resource-state");
  const { findResource } = await import("@/lib/resources/timeline-queries");
  const { DEFAULT_TIMELINE_PARAMS } = await import("@/lib/resources/timeline-params");
  await ensureEffectsData(prisma);
  const group = { accountId: ACCOUNT, region: REGION, kind: "replication-group", resourceId: EFFECTS_GROUP_ID };
  const member = { ...group, kind: "cache-cluster", resourceId: memberId(8, 4) };
  type Key = typeof group;

  // Round trips: each query outside a transaction takes a connection from the pool.
  let acquired = 0;
  poolOf(prisma).on("acquire", () => (acquired += 1));
  const counted = (run: () => Promise<{ rows: number; bytes: number }>) => async () => {
    const before = acquired;
    const cpu = process.cpuUsage();
    const { rows, bytes } = await run();
    const used = process.cpuUsage(cpu);
    const ms = (used.user + used.system) / 1000;
    return {
      rows,
      note: `${acquired - before} SQL round trips, ${(bytes / 1024).toFixed(0)} kB JSON, ${ms.toFixed(0)} ms Node CPU`,
    };
  };
  // What the route does: the page, then its JSON.
  const page = (key: Key) =>
    counted(async () => {
      const p = await loadResourcePage(prisma, key, DEFAULT_TIMELINE_PARAMS);
      return { rows: p?.timeline.items.length ?? 0, bytes: JSON.stringify(p).length };
    });
  const cursors = new Map<string, string>();
  const nextPage = (key: Key) =>
    counted(async () => {
      const cursor = cursors.get(key.kind) ?? undefined;
      const p = await loadTimelinePage(prisma, key, DEFAULT_TIMELINE_PARAMS, cursor);
      return { rows: p?.items.length ?? 0, bytes: JSON.stringify(p).length };
    });
  for (const key of [group, member]) {
    const first = await loadResourcePage(prisma, key, DEFAULT_TIMELINE_PARAMS);
    if (first?.timeline.nextCursor) cursors.set(key.kind, first.timeline.nextCursor);
  }
  const rowOf = async (key: Key) => (await findResource(prisma, key))!;
  const groupRow = await rowOf(group);
  const memberRow = await rowOf(member);
  // The state a busy resource is in before anyone opens it: the sweeper has stored its facts.
  const stored = (row: typeof groupRow) => async () => {
    await storedFactsSettled();
    const [h] = await prisma.$queryRaw<Array<{ event_count: number }>>`
      SELECT event_count FROM resource_history WHERE resource_id = ${row.id}`;
    if (h?.event_count !== row.event_count) await storeCurrentFacts(prisma, row);
    clearResourceStateCache();
  };
  const cold = (row: typeof groupRow) => async () => {
    await storedFactsSettled();
    await prisma.$executeRaw`DELETE FROM resource_history WHERE resource_id = ${row.id}`;
    clearResourceStateCache();
  };
  return [
    {
      group: GROUP,
      name: "90-member group's page, first view in a process (stored facts read back)",
      prepare: stored(groupRow),
      run: page(group),
    },
    { group: GROUP, name: "90-member group's page, held in memory", run: page(group) },
    { group: GROUP, name: "90-member group's timeline, next page (GET …/timeline?cursor=)", run: nextPage(group) },
    {
      group: GROUP,
      name: "a member's page (401 group calls reach it), first view in a process",
      prepare: stored(memberRow),
      run: page(member),
    },
    { group: GROUP, name: "a member's page, held in memory", run: page(member) },
    { group: GROUP, name: "a member's timeline, next page", run: nextPage(member) },
    {
      group: GROUP,
      name: "90-member group's page built from every event (nothing stored: the sweeper's work)",
      prepare: cold(groupRow),
      run: page(group),
      slow: true,
    },
    {
      group: GROUP,
      name: "a member's page built from every event",
      prepare: cold(memberRow),
      run: page(member),
      slow: true,
    },
  ];
}

export async function writeHistoryEffectsReport(
  results: Result[],
  bench: QueryBench,
  runs: number,
  load: number[],
  storedSizes: string,
) {
  const rows = results.map((r) => [r.name, r.p50.toFixed(1), r.p95.toFixed(1), r.note ?? ""]);
  const text = [
    "## Configuration history effects (`npx tsx scripts/bench/queries/history-effects.ts`, also in `npm run bench:queries`)",
    "",
    `${machineDescription()}, ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC, **load average`,
    `${load[0]!.toFixed(1)} → ${load[1]!.toFixed(1)}** during the run (\`uptime\`; five sessions share 2 cores, so wall times move`,
    "with the load; the Node CPU of a view does not).",
    `The bench:queries data set (${bench.events.toLocaleString("en-US")} events) plus one replication group of ${SHARDS * PER_SHARD}`,
    `member clusters (${SHARDS} shards × ${PER_SHARD}) living through the same weeks: created, then ${GROUP_CHANGES} group-wide`,
    "ModifyReplicationGroup calls (node type, maintenance and snapshot windows, auth token rotations), each listing all",
    `members, so each member's history holds ${GROUP_CHANGES + 1} causing events;`,
    `${GROUP_READS.toLocaleString("en-US")} polls of the group.`,
    "Timed: what `GET /api/resources/…` does (`loadResourcePage` and the JSON of its answer: the first 100 timeline items,",
    "history, configuration, primaries, effects, chart, read lanes, account-wide reads) and `GET …/timeline?cursor=`,",
    `${runs} runs after 3 warm-ups (built from every event: 10). The last column is one run's (the last).`,
    `Stored facts: ${storedSizes}.`,
    "Target: p95 < 150 ms for a resource timeline page.",
    "",
    markdownTable(["case", "p50 ms", "p95 ms", "one view"], rows),
    "",
    "What changed since the 2026-12-04 figures (not a speed change): this is the first run at 1 M events;",
    "HISTORY_ENCODING_VERSION 5 (members of a null-response IncreaseReplicaCount derived from its request or",
    "counted unnamed) leaves the 90-member group's work as it was — its calls all name their members.",
  ].join("\n");
  await writeBenchmarkSection("history-effects", text);
}

/** The group's and the member's stored facts: gzipped bytes as stored. */
export async function storedFactSizes(prisma: PrismaClient): Promise<string> {
  const rows = await prisma.$queryRaw<Array<{ kind: string; bytes: number }>>`
    SELECT r.kind, length(h.body) AS bytes FROM resource_history h JOIN resource r ON r.id = h.resource_id
    WHERE r.resource_id IN (${EFFECTS_GROUP_ID}, ${memberId(8, 4)}) ORDER BY r.kind DESC`;
  return rows.map((r) => `${r.kind} ${(r.bytes / 1024).toFixed(0)} kB gzipped`).join(", ");
}

async function main() {
  const { values } = parseArgs({
    options: { events: { type: "string", default: "1000000" }, runs: { type: "string", default: "40" } },
  });
  const { provideQueryBenchDatabase } = await import("./data-set");
  const { measure } = await import("./measure");
  const bench = await provideQueryBenchDatabase({ events: Number(values.events) });
  const prisma = createPrismaClient(bench.url, 10);
  const runs = Number(values.runs);
  const cases = await historyEffectCases(prisma);
  const before = os.loadavg()[0]!;
  const results: Result[] = [];
  for (const c of cases) {
    const r = await measure(c, runs);
    results.push(r);
    console.error(
      `${r.p50.toFixed(1).padStart(8)} ms p50 ${r.p95.toFixed(1).padStart(8)} ms p95  ${r.name} (${r.note})`,
      `load ${os.loadavg()[0]!.toFixed(1)}`,
    );
  }
  const after = os.loadavg()[0]!;
  const sizes = await storedFactSizes(prisma);
  await closePrismaClient(prisma);
  await bench.release();
  await writeHistoryEffectsReport(results, bench, runs, [before, after], sizes);
  console.error("Wrote the bench:history-effects section of docs/benchmarks.md.");
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (!process.execArgv.includes("--conditions=react-server")) {
    const child = spawnSync(
      process.execPath,
      [...process.execArgv, "--conditions=react-server", ...process.argv.slice(1)],
      {
        stdio: "inherit",
      },
    );
    process.exit(child.status ?? 1);
  }
  await main();
}
