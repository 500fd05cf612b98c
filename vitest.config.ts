import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const alias = {
  "@": fileURLToPath(new URL(".", import.meta.url)),
  // Tests are server code: let them import modules marked `import "server-only"`.
  "server-only": fileURLToPath(new URL("./tests/setup/stubs/server-only.ts", import.meta.url)),
};

// Unit tests are pure logic; integration tests get a real PostgreSQL (see tests/setup/); memory
// tests stream hundreds of megabytes and assert on heap or RSS peaks, so they run one file at a
// time, apart from the rest (npm run test:memory, and npm test).
export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: ["lib/**/*.test.ts", "scripts/**/*.test.ts", "tools/**/*.test.ts", "tests/setup/**/*.test.ts"],
          environment: "node",
        },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          environment: "node",
          globalSetup: ["tests/setup/global-postgres.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        // Hostile input: every case of issue 17 against a real PostgreSQL, each asserting what
        // becomes of the bad input and that everything valid around it is stored.
        resolve: { alias },
        test: {
          name: "hostile",
          include: ["tests/hostile/**/*.test.ts"],
          environment: "node",
          globalSetup: ["tests/setup/global-postgres.ts"],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        // Fault injection: processes killed mid-ingest; one file at a time, they spawn servers.
        resolve: { alias },
        test: {
          name: "faults",
          include: ["tests/faults/**/*.test.ts"],
          environment: "node",
          globalSetup: ["tests/setup/global-postgres.ts"],
          fileParallelism: false,
          testTimeout: 300_000,
          hookTimeout: 120_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "memory",
          include: ["tests/memory/**/*.test.ts"],
          environment: "node",
          globalSetup: ["tests/setup/global-postgres.ts"],
          fileParallelism: false,
          testTimeout: 600_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
