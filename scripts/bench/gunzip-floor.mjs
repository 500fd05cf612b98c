// The floor of `npm run bench:ingest`: bare single-threaded decompression of every file of a
// corpus, one after the other, in plain Node (no TypeScript loader, no project module), as a
// user would time `gunzip`. Prints the decompressed bytes and CPU seconds as JSON.
import { createReadStream, readdirSync } from "node:fs";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";

const dir = process.argv[2];
const files = readdirSync(dir, { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile() && e.name.endsWith(".gz"))
  .map((e) => path.join(e.parentPath ?? e.path, e.name))
  .sort();
let bytes = 0;
for (const file of files) {
  await pipeline(createReadStream(file), createGunzip(), async function* (source) {
    for await (const chunk of source) bytes += chunk.length;
  });
}
const usage = process.resourceUsage();
process.stdout.write(
  JSON.stringify({
    decompressedBytes: bytes,
    cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6,
    peakRssBytes: usage.maxRSS * 1024,
  }),
);
