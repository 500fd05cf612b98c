import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { HISTORY_ENCODING_VERSION } from "./encoding";

// Stored histories (resource_history) are reused while their version matches. A change to the
// reconstruction rules that forgot to bump HISTORY_ENCODING_VERSION would leave users looking
// at histories built by the old rules, so any change to these sources must come with a
// decision: bump the version if the change can alter a history, then record the new digest.
const RECORDED = { version: 6, digest: "76ac165f36a43c78" };

describe("HISTORY_ENCODING_VERSION", () => {
  it("is reconsidered whenever the reconstruction sources change", () => {
    const dir = fileURLToPath(new URL(".", import.meta.url));
    const hash = createHash("sha256");
    for (const file of readdirSync(dir)
      .filter((f) => f.endsWith(".ts") && !f.includes(".test."))
      .sort()) {
      hash.update(file).update(readFileSync(`${dir}/${file}`));
    }
    // The secret rule decides which fields a history may hold a value for.
    hash.update("secrets.ts").update(readFileSync(`${dir}/../cloudtrail/secrets.ts`));
    expect({ version: HISTORY_ENCODING_VERSION, digest: hash.digest("hex").slice(0, 16) }).toEqual(RECORDED);
  });
});
