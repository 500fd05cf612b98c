// Cross-resource history at scale: a replication group of 90 member clusters (15 shards × 6) whose
// every group-wide change reaches each member (lib/history/effects.ts), on top of the ≥ 1 M event
// data set of bench:queries. Times the group's and a member's resource page (timeline, history,
// primaries, effects) cold, read back from the stored facts, and held in memory.
//   npx tsx scripts/bench/queries/history-effects.ts [-- --events 1000000 --runs 40]
// writes its own section of docs/benchmarks.md; `npm run bench:queries` runs the same cases
// (historyEffectCases) with the others.
import { spawnSync } from "node:child_process";
import os from "node:os";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { normaliseRecord } from "@/lib/cloudtrail/normalise";
import type { NormalisedEvent } from "@/lib/cloudtrail/types";
import { createPrismaClient } from "@/lib/db/create-client";
import type { PrismaClient } from "@/lib/generated/prisma/client";
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
const START = Date.UTC(2025, 0, 1);
const YEAR = 365 * 86_400_000;

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

/** The group's life: created, then modified all year long (node type, windows, auth), polled in between. */
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
    const time = START + Math.floor((i * YEAR) / (GROUP_CHANGES + 1));
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
    const time = START + Math.floor(((r + 0.5) * YEAR) / GROUP_READS);
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
  const { loadResourcePage } = await import("@/lib/resources/resource-page");
  const { clearResourceStateCache, storedFactsSettled } = await import("@/lib/resources/resource-state");
  const { DEFAULT_TIMELINE_PARAMS } = await import("@/lib/resources/timeline-params");
  await ensureEffectsData(prisma);
  const group = { accountId: ACCOUNT, region: REGION, kind: "replication-group", resourceId: EFFECTS_GROUP_ID };
  const member = { ...group, kind: "cache-cluster", resourceId: memberId(8, 4) };
  const page = (key: typeof group) => async () => {
    const p = await loadResourcePage(prisma, key, DEFAULT_TIMELINE_PARAMS);
    return p?.timeline.items.length ?? 0;
  };
  const rowOf = async (key: typeof group) =>
    (
      await prisma.$queryRaw<Array<{ id: bigint }>>`
        SELECT id FROM resource WHERE kind = ${key.kind} AND resource_id = ${key.resourceId}`
    )[0]!.id;
  const groupRow = await rowOf(group);
  const memberRow = await rowOf(member);
  const cold = (row: bigint) => async () => {
    await storedFactsSettled();
    await prisma.$executeRaw`DELETE FROM resource_history WHERE resource_id = ${row}`;
    clearResourceStateCache();
  };
  const readBack = async () => {
    await storedFactsSettled();
    clearResourceStateCache();
  };
  return [
    {
      group: GROUP,
      name: "90-member group's page: nothing stored (built from every event)",
      prepare: cold(groupRow),
      run: page(group),
    },
    { group: GROUP, name: "90-member group's page: stored facts read back", prepare: readBack, run: page(group) },
    { group: GROUP, name: "90-member group's page: held in memory", run: page(group) },
    {
      group: GROUP,
      name: "a member's page (400 group changes reach it): nothing stored",
      prepare: cold(memberRow),
      run: page(member),
    },
    { group: GROUP, name: "a member's page: stored facts read back", prepare: readBack, run: page(member) },
    { group: GROUP, name: "a member's page: held in memory", run: page(member) },
  ];
}

export async function writeHistoryEffectsReport(results: Result[], bench: QueryBench, runs: number, load: number[]) {
  const rows = results.map((r) => [r.name, r.p50.toFixed(1), r.p95.toFixed(1), r.rows.toLocaleString("en-US")]);
  const text = [
    "## Configuration history effects (`npx tsx scripts/bench/queries/history-effects.ts`, also in `npm run bench:queries`)",
    "",
    `${machineDescription()}, load average ${load[0]!.toFixed(1)} → ${load[1]!.toFixed(1)} during the run: the machine is`,
    "shared by five sessions on 2 cores, so these figures move with the load.",
    `The bench:queries data set (${bench.events.toLocaleString("en-US")} events) plus one replication group of ${SHARDS * PER_SHARD}`,
    `member clusters (${SHARDS} shards × ${PER_SHARD}): created, then ${GROUP_CHANGES} group-wide ModifyReplicationGroup calls`,
    `(node type, maintenance and snapshot windows, auth token rotations), each listing all members, so each member's`,
    `history holds ${GROUP_CHANGES + 1} causing events; ${GROUP_READS.toLocaleString("en-US")} polls of the group. Server time of`,
    `\`loadResourcePage\` (the page's first timeline page, history, primaries, effects), ${runs} runs after 3 warm-ups.`,
    "Target: p95 < 150 ms for a resource timeline page.",
    "",
    markdownTable(["case", "p50 ms", "p95 ms", "timeline items"], rows),
  ].join("\n");
  await writeBenchmarkSection("history-effects", text);
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
      `${r.p50.toFixed(1).padStart(8)} ms p50 ${r.p95.toFixed(1).padStart(8)} ms p95  ${r.name} (${r.rows})`,
    );
  }
  const after = os.loadavg()[0]!;
  await prisma.$disconnect();
  await bench.release();
  await writeHistoryEffectsReport(results, bench, runs, [before, after]);
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
