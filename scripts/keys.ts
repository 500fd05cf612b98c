// npm run keys -- import FILE
// Loads CloudTrail public keys (the JSON `aws cloudtrail list-public-keys` prints, or PEM) and
// checks the digest signatures that waited for them (lib/completeness).
import { readFile } from "node:fs/promises";
import { importPublicKeys } from "@/lib/completeness/keys";
import { parsePublicKeys } from "@/lib/completeness/signature";
import { closePrismaClient } from "@/lib/db/create-client";
import { provideClient } from "@/lib/db/provide-client";

const [command, file] = process.argv.slice(2);
if (command !== "import" || !file) {
  console.error("Usage: npm run keys -- import FILE   (aws cloudtrail list-public-keys output, or PEM)");
  process.exit(2);
}
let keys;
try {
  keys = parsePublicKeys(await readFile(file, "utf8"));
} catch (error) {
  console.error(`${file}: ${(error as Error).message}`);
  process.exit(2);
}
const { database, prisma } = await provideClient((line) => console.error(line), 2);
try {
  const result = await importPublicKeys(prisma, keys, { origin: "cli", loadedBy: "npm run keys" });
  console.log(
    `Imported ${result.imported} public ${result.imported === 1 ? "key" : "keys"} (${keys.map((k) => k.fingerprint).join(", ")}); ` +
      `checked ${result.digestsChecked} digest signatures.`,
  );
} finally {
  await closePrismaClient(prisma);
  await database.release();
}
