// CPU seconds (user + system) of other processes, read from /proc, for the benchmarks that account
// for where an ingest's CPU goes on the machine's two cores (bench:ingest:stages, bench:upload).
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

const TICKS_PER_SECOND = 100; // USER_HZ

/** The fields of /proc/<pid>/stat after the command name (which may hold spaces). */
async function statFields(pid: number | string): Promise<string[] | null> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => "");
  return stat ? stat.slice(stat.lastIndexOf(")") + 2).split(" ") : null;
}

/** utime + stime of one process (its threads included), in seconds. */
export async function processCpuSeconds(pid: number): Promise<number> {
  const fields = await statFields(pid);
  if (!fields) throw new Error(`no process ${pid}`);
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** utime + stime of this process and of the children it has waited for (bench:upload's curl), in seconds. */
export async function ownAndReapedCpuSeconds(): Promise<number> {
  const fields = (await statFields("self"))!;
  return (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / TICKS_PER_SECOND;
}

/** CPU seconds of the embedded PostgreSQL server of a data directory (postmaster and its children). */
export async function postgresCpuSeconds(dataDir: string): Promise<number> {
  // Arguments are NUL-separated in /proc: match the whole data directory (other checkouts run servers too).
  const pgDir = `\0${path.resolve(dataDir, "pg")}\0`;
  const stats = new Map<number, { ppid: number; cpu: number; mine: boolean }>();
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const fields = await statFields(entry);
    if (!fields) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, "utf8").catch(() => "");
    const mine = cmdline.includes(pgDir);
    // utime + stime; for the postmaster also cutime + cstime: the backends that served the
    // ingest have exited by the time this is read, and their CPU is counted in their parent.
    const own = Number(fields[11]) + Number(fields[12]);
    const reaped = mine ? Number(fields[13]) + Number(fields[14]) : 0;
    stats.set(Number(entry), { ppid: Number(fields[1]), cpu: (own + reaped) / TICKS_PER_SECOND, mine });
  }
  const roots = [...stats].filter(([, s]) => s.mine).map(([pid]) => pid);
  return [...stats]
    .filter(([pid, s]) => roots.includes(pid) || roots.includes(s.ppid))
    .reduce((n, [, s]) => n + s.cpu, 0);
}
