// npm test — everything CI checks, in order, with each runner's own summary:
// typecheck, lint, unit tests, integration tests (real PostgreSQL), hostile input, fault injection
// (killed processes), memory tests (large streams, bounded heap and RSS), e2e journeys (Chromium).
// The summary at the end repeats each failed vitest test with the start of its error, because CI
// logs are often read from the tail and the runner's own report scrolls out of sight.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";

const reportDir = "test-results/vitest";
const vitest = (project: string) => [
  "npx",
  "vitest",
  "run",
  "--project",
  project,
  "--reporter=default",
  "--reporter=json",
  `--outputFile.json=${reportDir}/${project}.json`,
];

const steps: [string, string[], string?][] = [
  ["typecheck", ["npx", "tsc", "--noEmit"]],
  ["lint", ["npm", "run", "lint"]],
  ["unit tests", vitest("unit"), "unit"],
  ["integration tests", vitest("integration"), "integration"],
  ["hostile input tests", vitest("hostile"), "hostile"],
  ["fault injection tests", vitest("faults"), "faults"],
  ["memory tests", vitest("memory"), "memory"],
  ["end-to-end tests", ["npx", "tsx", "scripts/e2e.ts"]],
];

type JsonReport = {
  testResults?: {
    name: string;
    assertionResults?: { fullName: string; status: string; failureMessages?: string[] }[];
    message?: string;
    status?: string;
  }[];
};

function failuresOf(project: string): string[] {
  const file = `${reportDir}/${project}.json`;
  if (!existsSync(file)) return [`  (no report written: ${file})`];
  const report = JSON.parse(readFileSync(file, "utf8")) as JsonReport;
  const lines: string[] = [];
  for (const suite of report.testResults ?? []) {
    const where = suite.name.replace(process.cwd() + "/", "");
    if (suite.status === "failed" && suite.message) lines.push(`  ${where}: ${suite.message.split("\n")[0]}`);
    for (const test of suite.assertionResults ?? []) {
      if (test.status !== "failed") continue;
      const message = (test.failureMessages?.[0] ?? "").split("\n").slice(0, 6).join("\n      ");
      lines.push(`  ${where} › ${test.fullName}\n      ${message}`);
    }
  }
  return lines;
}

rmSync(reportDir, { recursive: true, force: true });
mkdirSync(reportDir, { recursive: true });
const results: [string, boolean, number, string?][] = [];
for (const [name, [cmd, ...args], project] of steps) {
  console.log(`\n=== ${name}: ${[cmd, ...args].join(" ")}`);
  const started = Date.now();
  const { status } = spawnSync(cmd!, args, { stdio: "inherit" });
  results.push([name, status === 0, (Date.now() - started) / 1000, project]);
}
console.log("\n=== Summary");
for (const [name, ok, seconds, project] of results) {
  console.log(`${ok ? "PASS" : "FAIL"}  ${name} (${seconds.toFixed(0)} s)`);
  if (!ok && project) for (const line of failuresOf(project)) console.log(line);
}
process.exit(results.every(([, ok]) => ok) ? 0 : 1);
