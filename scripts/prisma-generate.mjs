// Runs `prisma generate` offline. The Prisma CLI looks for its native schema engine at
// start-up and tries to download it unless PRISMA_SCHEMA_ENGINE_BINARY names an existing
// file; generation never executes that file (see docs/architecture.md, "Prisma offline").
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const result = spawnSync("prisma", ["generate"], {
  stdio: "inherit",
  shell: process.platform === "win32",
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? fileURLToPath(import.meta.url),
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
    CHECKPOINT_DISABLE: "1",
  },
});
process.exit(result.status ?? 1);
