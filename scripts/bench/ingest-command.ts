import { readFileSync } from "node:fs";

/**
 * `npm run ingest`'s own command line (package.json), run without npm: the benchmarks measure exactly
 * what a user runs, its V8 flags, launcher and bundle included.
 */
export function ingestCommand(): [string, string[]] {
  const scripts = (JSON.parse(readFileSync("package.json", "utf8")) as { scripts: Record<string, string> }).scripts;
  const [node, ...args] = scripts.ingest!.split(" ");
  if (node !== "node") throw new Error(`npm run ingest does not start with node: ${scripts.ingest}`);
  return [process.execPath, args];
}
