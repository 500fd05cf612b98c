import { execFileSync } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import os from "node:os";

// Benchmarks write their results into docs/benchmarks.md, each into its own section
// between `<!-- bench:<name> -->` and `<!-- /bench:<name> -->`, leaving the others alone.

const FILE = "docs/benchmarks.md";
const HEADER = "# Benchmarks\n\nMeasured on the machine named in each section; regenerate with the command shown.\n";

export async function writeBenchmarkSection(name: string, markdown: string): Promise<void> {
  const current = await readFile(FILE, "utf8").catch(() => HEADER);
  const start = `<!-- bench:${name} -->`;
  const end = `<!-- /bench:${name} -->`;
  const section = `${start}\n${markdown.trim()}\n${end}`;
  const from = current.indexOf(start);
  const to = current.indexOf(end);
  const next =
    from >= 0 && to > from
      ? current.slice(0, from) + section + current.slice(to + end.length)
      : `${current.trimEnd()}\n\n${section}\n`;
  await writeFile(FILE, next);
}

export function machineDescription(): string {
  const memory = `${(os.totalmem() / 1024 ** 3).toFixed(0)} GiB RAM`;
  const today = new Date().toISOString().slice(0, 10);
  return `${os.cpus().length} × ${os.cpus()[0]?.model ?? "CPU"}, ${memory}, Node ${process.version}, ${today}`;
}

/** `uptime`'s load averages, printed beside the figures: other processes may share the machine. */
export function uptime(): string {
  try {
    return execFileSync("uptime", { encoding: "utf8" })
      .trim()
      .replace(/^.*load average/, "load average");
  } catch {
    return "load average unknown";
  }
}

/** A Markdown table: header row, separator, one row per entry. */
export function markdownTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
  return [line(headers), `|${headers.map(() => "---").join("|")}|`, ...rows.map(line)].join("\n");
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
