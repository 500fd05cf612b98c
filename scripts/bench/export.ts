// npm run bench:export [-- --events 1000000] [--format csv|json] (both by default)
// An export of every event (issue 17: peak server RSS < 500 MB at 1 M events): the query
// benchmark's data set (scripts/bench/queries/data-set.ts, reused when loaded), one route server
// per format streaming GET /api/events/export?format=csv|json to nowhere, its peak RSS read from
// /proc. Writes its part of docs/benchmarks.md ("Hostile input and faults").
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { createApiToken } from "@/lib/auth/tokens";
import { createUser } from "@/lib/auth/users";
import { closePrismaClient, createPrismaClient } from "@/lib/db/create-client";
import { formatCount } from "@/lib/format/numbers";
import { measureExport } from "@/scripts/bench/export-measure";
import { provideQueryBenchDatabase } from "@/scripts/bench/queries/data-set";
import { machineDescription, markdownTable, writeBenchmarkSection } from "@/scripts/bench/report";

const { values } = parseArgs({
  options: { events: { type: "string", default: "1000000" }, format: { type: "string" } },
});
const FORMATS = (["csv", "json"] as const).filter((f) => values.format === undefined || values.format === f);
if (FORMATS.length === 0) throw new Error(`--format must be csv or json, not ${values.format}`);
const MiB = 1024 ** 2;
const LIMIT_MIB = 500;

const bench = await provideQueryBenchDatabase({ events: Number(values.events) });
try {
  const prisma = createPrismaClient(bench.url, 2);
  let stored: number;
  let token: string;
  try {
    const [count] = await prisma.$queryRaw<{ stored: number }[]>`SELECT count(*)::int AS stored FROM event`;
    stored = count!.stored;
    const user = await createUser(prisma, { email: `bench-export-${randomUUID()}@cachetrail.test`, role: "viewer" });
    ({ token } = await createApiToken(prisma, { id: user.id, role: "viewer" }, { name: "bench:export" }));
  } finally {
    await closePrismaClient(prisma);
  }
  const load = () =>
    execFileSync("uptime", { encoding: "utf8" })
      .trim()
      .replace(/^.*load average/, "load average");
  const rows: string[][] = [];
  for (const format of FORMATS) {
    const before = load();
    console.error(`Exporting ${formatCount(stored)} events as ${format}… (${before})`);
    const m = await measureExport(bench.url, token, format);
    if (m.status !== 200) throw new Error(`the ${format} export answered ${m.status}`);
    const events = m.lines - (format === "csv" ? 1 : 2);
    console.error(`  ${format}: ${formatCount(events)} events, peak RSS ${(m.peakRssBytes / MiB).toFixed(0)} MiB`);
    rows.push([
      format,
      formatCount(events),
      `${(m.bytes / MiB).toFixed(0)} MiB`,
      `${m.seconds.toFixed(0)} s`,
      `${formatCount(Math.round(events / m.seconds))}/s`,
      `${(m.startRssBytes / MiB).toFixed(0)} MiB`,
      `**${(m.peakRssBytes / MiB).toFixed(0)} MiB**`,
      m.peakRssBytes < LIMIT_MIB * MiB ? "yes" : "**no**",
      before,
    ]);
  }
  await writeBenchmarkSection(
    "export",
    [
      `### Export of every event (\`npm run bench:export\`, ${formatCount(stored)} events)`,
      "",
      `${machineDescription()}. One route server (\`tests/helpers/route-server.ts\`, the real route module) per`,
      "format, the whole answer streamed to nowhere over loopback; peak = the server's VmHWM (start-up included).",
      "Shared machine: the load average before each run is in the last column.",
      "",
      markdownTable(
        ["format", "events", "sent", "time", "rate", "RSS at start", "peak RSS", `< ${LIMIT_MIB} MB`, "uptime"],
        rows,
      ),
    ].join("\n"),
  );
} finally {
  await bench.release();
}
