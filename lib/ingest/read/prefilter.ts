// The prefilter: passes over another service's record without capturing it.
//
// At a record's "{" (json-splitter.ts, between records), it follows the record's strings and
// brackets to its closing "}", sixteen bytes at a time (structure.wat, WebAssembly SIMD: 2.2–2.4
// GB/s here, against ~1 GB/s for the same walk in JavaScript), noting the record's top-level
// "eventSource" keys on the way (it stops at one whose value is ElastiCache's or blank). The record
// is passed over (counted as skipped) only when all of these hold; anything else leaves it to the
// structural scanner, which reads it exactly as before:
// - it ends in the current chunk, within the record-size limit and the nesting limit, and its
//   brackets match;
// - no backslash anywhere in it (so no \u escape can spell a key or a value in disguise, and
//   every quote opens or closes a string);
// - exactly one "eventSource" string directly inside it (a duplicated key: JSON.parse would take
//   the last one), a key whose value is a non-empty string other than "elasticache.amazonaws.com"
//   — the scanner's own rule (record-filter.ts, mayBeElastiCache).
// The structure is followed, never guessed. Until session 29 the prefilter searched for the next
// `{"eventVersion":` with Buffer.indexOf: a record holding an array of objects, one of them opening
// with that key (a bucket policy's statements, which CloudTrail logs as JSON even for a denied
// call), made it take that object for the next record, and store a forged ElastiCache event.
// A record passed over here is not validated beyond its bracket structure: like a record the
// scanner rules out, it is never parsed.

import { isOtherServiceSource } from "./record-filter";
import { MAX_RECORD_DEPTH } from "./storable-json";
import { STRUCTURE_WASM } from "./structure-wasm";

const BACKSLASH = 0x5c;
/** Room after the chunk in the module's memory: its loads read a block of 16 bytes. */
const BLOCK = 16;
const PAGE = 64 * 1024;

interface Structure {
  memory: WebAssembly.Memory;
  DATA: WebAssembly.Global;
  keys: WebAssembly.Global;
  keyAt: WebAssembly.Global;
  close(start: number, end: number, limit: number): number;
}

/**
 * One instance for the process, shared by every reader: a chunk's records are all walked in one
 * synchronous write() of the scanner, so readers never interleave within a chunk. Its memory holds
 * the chunk of the prefilter that last loaded one.
 */
let shared: { structure: Structure; data: number; holder: Prefilter | undefined } | undefined;

function sharedStructure() {
  if (!shared) {
    const compiled = new WebAssembly.Module(Buffer.from(STRUCTURE_WASM, "base64"));
    const structure = new WebAssembly.Instance(compiled).exports as unknown as Structure;
    shared = { structure, data: structure.DATA.value as number, holder: undefined };
  }
  return shared;
}

export class Prefilter {
  /** The chunk being read. */
  private chunk: Buffer = Buffer.alloc(0);
  /** Where the next backslash of the chunk is (chunk.length: none), searched once per stretch. */
  private backslashAt = -1;

  constructor(private readonly maxRecordBytes: number) {}

  /** A new chunk (a producer may refill the same buffer: it is copied again, whatever it is). */
  startChunk(chunk: Buffer): void {
    this.chunk = chunk;
    this.backslashAt = -1;
    if (shared?.holder === this) shared.holder = undefined;
  }

  /**
   * From `at` (a record's "{" in `chunk`, at `depth` in the file's nesting): the index after the
   * record's "}" when it can be passed over, else -1.
   */
  skip(chunk: Buffer, at: number, depth: number): number {
    if (chunk !== this.chunk) this.startChunk(chunk);
    const walk = sharedStructure();
    if (walk.holder !== this) this.load(walk);
    const { structure, data } = walk;
    // The scanner calls a record too deep when a bracket opens at its MAX_RECORD_DEPTH. The walk's
    // stack lies below the chunk in its memory: deeper than that is left to the scanner too.
    const limit = Math.min(MAX_RECORD_DEPTH - depth, data);
    const found = structure.close(data + at, data + chunk.length, limit);
    if (found < 0) return -1;
    const close = found - data;
    if (close + 1 - at > this.maxRecordBytes) return -1;
    if (this.backslashAt < at) {
      const backslash = chunk.indexOf(BACKSLASH, at);
      this.backslashAt = backslash < 0 ? chunk.length : backslash;
    }
    if (this.backslashAt < close) return -1;
    if (structure.keys.value !== 1) return -1;
    return isOtherServiceSource(chunk, (structure.keyAt.value as number) - data) ? close + 1 : -1;
  }

  /** Copies the chunk into the module's memory. */
  private load(walk: NonNullable<typeof shared>): void {
    const memory = walk.structure.memory;
    const needed = walk.data + this.chunk.length + BLOCK;
    if (memory.buffer.byteLength < needed) memory.grow(Math.ceil((needed - memory.buffer.byteLength) / PAGE));
    new Uint8Array(memory.buffer).set(this.chunk, walk.data);
    walk.holder = this;
  }
}
