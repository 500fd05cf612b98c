// npx tsx scripts/bench/upload-profile.ts OUT.cpuprofile [FILE]
// A CPU profile of the production server's JavaScript thread (run `npm run build` first) during one
// raw upload of FILE (default: bench:upload's single 200MB file), into a fresh database. Run it
// under `flock /tmp/bench.lock`; read shares, not seconds, when the machine is loaded.
import { rm } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { dataDir } from "@/lib/env";
import { nextServerPid, startServer, uploadFiles } from "./bench-server";

const [out, file = path.join(dataDir, "bench", "mixed-200MB-seed1-single.json")] = process.argv.slice(2);
if (!out) throw new Error("usage: upload-profile.ts OUT.cpuprofile [FILE]");
const data = path.join(dataDir, "bench", "upload-profile-server");
const preload = fileURLToPath(new URL("./cpu-profile-on-signal.mjs", import.meta.url));
const port = 3392;

await rm(data, { recursive: true, force: true });
const server = await startServer(data, {
  port,
  pgPort: 54397,
  env: { NODE_OPTIONS: `--import ${preload}`, CPU_PROFILE_OUT: path.resolve(out) },
});
const pid = await nextServerPid(server.proc.pid!);
process.kill(pid, "SIGUSR2");
await new Promise((resolve) => setTimeout(resolve, 300));
const result = await uploadFiles({ port, token: server.token }, [file], "raw");
process.kill(pid, "SIGUSR2");
await new Promise((resolve) => setTimeout(resolve, 2000)); // the profile is written
await server.stop();
// The embedded PostgreSQL may still be removing its files.
await rm(data, { recursive: true, force: true, maxRetries: 5, retryDelay: 500 });
console.log(`${result.seconds.toFixed(1)} s, ${result.stored} events stored; profile in ${out}`);
