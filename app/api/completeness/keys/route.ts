import { db } from "@/lib/db/client";
import { ApiError, apiRoute } from "@/lib/api/handler";
import { parseJsonBody } from "@/lib/api/json-body";
import { principalLabel } from "@/lib/auth/principal";
import { importPublicKeys, listLoadedKeys } from "@/lib/completeness/keys";
import { keyUploadSchema, type KeyUploadResult } from "@/lib/completeness/schemas";
import { parsePublicKeys } from "@/lib/completeness/signature";

export const dynamic = "force-dynamic";

/** GET /api/completeness/keys — the CloudTrail public keys loaded, and each S3 source's last ListPublicKeys. */
export const GET = apiRoute({ access: "viewer" }, async () => Response.json(await listLoadedKeys(db())));

/** POST /api/completeness/keys — loads a key file (ListPublicKeys JSON or PEM) and re-checks waiting signatures. */
export const POST = apiRoute({ access: "admin" }, async ({ request, log, principal }) => {
  const upload = await parseJsonBody(request, keyUploadSchema);
  let keys;
  try {
    keys = parsePublicKeys(upload.text);
  } catch (error) {
    const reason = error instanceof SyntaxError ? "not JSON" : (error as Error).message;
    throw new ApiError(400, `${upload.fileName ? `“${upload.fileName}”: ` : ""}${reason}.`);
  }
  const result = await importPublicKeys(db(), keys, { origin: "upload", loadedBy: principalLabel(principal!) });
  log.info({ keys: keys.length, checked: result.digestsChecked }, "CloudTrail public keys uploaded");
  const body: KeyUploadResult = {
    imported: result.imported,
    fingerprints: keys.map((k) => k.fingerprint),
    digestsChecked: result.digestsChecked,
    message:
      `Loaded ${result.imported} public ${result.imported === 1 ? "key" : "keys"}; ` +
      `checked ${result.digestsChecked} digest ${result.digestsChecked === 1 ? "signature" : "signatures"}.`,
  };
  return Response.json(body, { status: 201 });
});
