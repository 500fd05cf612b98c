// Signs the corpus's digest files as CloudTrail does (SHA256withRSA over the signing string of
// lib/completeness/digest-file.ts), with the test key pair in ./test-key (not a secret).

import { createHash, createPrivateKey, createPublicKey, sign } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { signingString, type DigestFile } from "@/lib/completeness/digest-file";

const KEY_DIR = fileURLToPath(new URL("./test-key", import.meta.url));
const PRIVATE_KEY = createPrivateKey(readFileSync(join(KEY_DIR, "private.pem")));

/** The test public key's fingerprint, as `public-keys.json` lists it: MD5 of the DER PKCS #1 key. */
export const TEST_KEY_FINGERPRINT = createHash("md5")
  .update(createPublicKey(PRIVATE_KEY).export({ format: "der", type: "pkcs1" }))
  .digest("hex");

/** Where the test key's ListPublicKeys-style file is, for `npm run keys -- import`. */
export const TEST_PUBLIC_KEYS_FILE = join(KEY_DIR, "public-keys.json");
export const WRONG_PUBLIC_KEYS_FILE = join(KEY_DIR, "wrong-public-keys.json");

/** Hex signature of a digest whose uncompressed content hashes to contentSha256. */
export function signDigest(
  digest: Pick<DigestFile, "digestEndTime" | "digestS3Bucket" | "digestS3Object" | "previousDigestSignature">,
  contentSha256: string,
): string {
  return sign("sha256", Buffer.from(signingString(digest, contentSha256), "utf8"), PRIVATE_KEY).toString("hex");
}
