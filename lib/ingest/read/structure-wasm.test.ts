import { readFile } from "node:fs/promises";
import { expect, it } from "vitest";
import { compileWat, STRUCTURE_WAT } from "@/scripts/wasm-sources";
import { STRUCTURE_WASM } from "./structure-wasm";

it("is structure.wat compiled: run `npm run build:wasm` after editing it", async () => {
  const compiled = await compileWat(await readFile(STRUCTURE_WAT, "utf8"), "structure.wat");
  expect(STRUCTURE_WASM).toBe(Buffer.from(compiled).toString("base64"));
});
