// npm run completeness -- --from 2026-11-01 --to 2026-11-30 [--account ID] [--region R] [--json] [--require-signatures]
// Prints the completeness summary (lib/completeness) and exits 1 when a log file is missing or
// modified, the digest chain is broken or a signature is invalid — for scheduled checks. Digests
// whose signature cannot be checked (no public key loaded) fail it only with --require-signatures.
import { parseArgs } from "node:util";
import { checkPasses, summaryLine } from "@/lib/completeness/coverage";
import { completenessReport } from "@/lib/completeness/queries";
import { completenessQuerySchema } from "@/lib/completeness/schemas";
import { closePrismaClient } from "@/lib/db/create-client";
import { provideClient } from "@/lib/db/provide-client";

const USAGE =
  "Usage: npm run completeness -- --from YYYY-MM-DD --to YYYY-MM-DD [--account ID] [--region R] [--json] [--require-signatures]";

let values;
try {
  ({ values } = parseArgs({
    options: {
      from: { type: "string" },
      to: { type: "string" },
      account: { type: "string" },
      region: { type: "string" },
      json: { type: "boolean", default: false },
      "require-signatures": { type: "boolean", default: false },
    },
  }));
} catch (error) {
  console.error(`${(error as Error).message}\n${USAGE}`);
  process.exit(2);
}
const query = completenessQuerySchema.safeParse({
  from: values.from,
  to: values.to,
  account: values.account,
  region: values.region,
});
if (!query.success) {
  console.error(`${query.error.issues.map((i) => `--${i.path.join(".")}: ${i.message}`).join("\n")}\n${USAGE}`);
  process.exit(2);
}

const { database, prisma } = await provideClient((line) => console.error(line), 2);
try {
  const report = await completenessReport(prisma, query.data);
  const passes = checkPasses(report.summary, values["require-signatures"]);
  if (values.json) console.log(JSON.stringify({ ...report, passes }, null, 2));
  else {
    console.log(summaryLine(report.from, report.to, report.summary));
    for (const f of report.missing)
      console.log(`missing\t${f.hour}\t${f.account}/${f.region}\ts3://${f.bucket}/${f.key}`);
    for (const f of report.modified)
      console.log(`modified\t${f.hour}\t${f.account}/${f.region}\ts3://${f.bucket}/${f.key}`);
    for (const g of report.chainGaps)
      console.log(`chain\t${g.hour}\t${g.account}/${g.region}\t${g.reason}: ${g.previousKey}`);
    for (const p of report.signatureProblems.filter((s) => s.status === "invalid"))
      console.log(`signature\t${p.hour}\t${p.account}/${p.region}\tinvalid: ${p.digestKey}`);
  }
  process.exitCode = passes ? 0 : 1;
} finally {
  await closePrismaClient(prisma);
  await database.release();
}
