// `npm start` / `npm run dev`: provides the database (DATABASE_URL, or the embedded
// PostgreSQL under .data/), applies migrations, then runs Next.js against it.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { env } from "@/lib/env";
import { provideDatabase } from "@/lib/db/provide";

const dev = process.argv.includes("--dev");
const log = (line: string) => console.log(`[cachetrail] ${line}`);

const database = await provideDatabase(log);
log(database.embedded ? "Using the embedded PostgreSQL." : "Using DATABASE_URL.");

const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");
const next = spawn(process.execPath, [nextBin, dev ? "dev" : "start", "--port", String(env.PORT)], {
  stdio: "inherit",
  env: { ...process.env, DATABASE_URL: database.url },
});
log(`Dashboard: http://localhost:${env.PORT}`);

let stopping = false;
async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  if (next.exitCode === null) next.kill("SIGTERM");
  await database.release().catch((error: unknown) => log(`Could not stop PostgreSQL cleanly: ${String(error)}`));
  process.exit(code);
}
process.on("SIGINT", () => void stop(0));
process.on("SIGTERM", () => void stop(0));
next.on("exit", (code) => void stop(code ?? 0));
