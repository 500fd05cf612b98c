// npm run corpus -- --out DIR --size 200MB --elasticache-share 0.05 --seed 1 [--no-gzip]
// Generates a deterministic CloudTrail corpus (see tools/corpus) and prints its summary.

import { generateCorpus } from "@/tools/corpus";
import { parseCorpusArgs, USAGE } from "@/tools/corpus/cli-args";

async function main(): Promise<void> {
  let options;
  try {
    options = parseCorpusArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`Error: ${(error as Error).message}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  const started = process.hrtime.bigint();
  const summary = await generateCorpus(options);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const mb = summary.bytesUncompressed / 1024 ** 2;
  console.log(JSON.stringify(summary, null, 2));
  console.log(
    `Wrote ${summary.files} files (${summary.digestFiles} digests) to ${options.outDir}: ` +
      `${mb.toFixed(1)} MB uncompressed, ${(summary.bytesWritten / 1024 ** 2).toFixed(1)} MB on disk, ` +
      `in ${seconds.toFixed(1)} s (${(mb / seconds).toFixed(1)} MB/s).`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
