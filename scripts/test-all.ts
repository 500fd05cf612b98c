// npm test — everything CI checks, in order, with each runner's own summary:
// typecheck, lint, unit tests, integration tests (real PostgreSQL), hostile input, fault injection
// (killed processes), memory tests (large streams, bounded heap and RSS), e2e journeys (Chromium).
import { spawnSync } from "node:child_process";

const steps: [string, string[]][] = [
  ["typecheck", ["npx", "tsc", "--noEmit"]],
  ["lint", ["npm", "run", "lint"]],
  ["unit tests", ["npx", "vitest", "run", "--project", "unit"]],
  ["integration tests", ["npx", "vitest", "run", "--project", "integration"]],
  ["hostile input tests", ["npx", "vitest", "run", "--project", "hostile"]],
  ["fault injection tests", ["npx", "vitest", "run", "--project", "faults"]],
  ["memory tests", ["npx", "vitest", "run", "--project", "memory"]],
  ["end-to-end tests", ["npx", "tsx", "scripts/e2e.ts"]],
];

const results: [string, boolean, number][] = [];
for (const [name, [cmd, ...args]] of steps) {
  console.log(`\n=== ${name}: ${[cmd, ...args].join(" ")}`);
  const started = Date.now();
  const { status } = spawnSync(cmd!, args, { stdio: "inherit" });
  results.push([name, status === 0, (Date.now() - started) / 1000]);
}
console.log("\n=== Summary");
for (const [name, ok, seconds] of results) console.log(`${ok ? "PASS" : "FAIL"}  ${name} (${seconds.toFixed(0)} s)`);
process.exit(results.every(([, ok]) => ok) ? 0 : 1);
