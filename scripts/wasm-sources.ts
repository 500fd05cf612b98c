import path from "node:path";
import wabtModule from "wabt";

const ROOT = path.resolve(import.meta.dirname, "..");
export const STRUCTURE_WAT = path.join(ROOT, "lib/ingest/read/structure.wat");
export const STRUCTURE_WASM_MODULE = path.join(ROOT, "lib/ingest/read/structure-wasm.ts");

/** WebAssembly text to the module's bytes (SIMD on); wabt's message names the line of an error. */
export async function compileWat(text: string, name: string): Promise<Uint8Array> {
  const wabt = await wabtModule();
  const parsed = wabt.parseWat(name, text, { simd: true });
  try {
    parsed.resolveNames();
    parsed.validate();
    return Uint8Array.from(parsed.toBinary({ write_debug_names: false }).buffer);
  } finally {
    parsed.destroy();
  }
}
