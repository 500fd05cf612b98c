// The bytes of the record being scanned, when it spans chunks. One buffer, reused from record to
// record, grown as needed but never past the record-size limit: a larger record is only measured,
// and its first few KB kept to tell what it was.

const HEAD_BYTES = 4096;
/** The buffer's first size, allocated when a record first spans two chunks (in a small file, none does). */
const FIRST_BYTES = 64 * 1024;

export class RecordCapture {
  /** Absolute offset of the record's first byte. */
  start = 0;
  line = 1;
  /** Index in the current chunk where the record's bytes begin (0 once it has spanned a chunk). */
  chunkStart = 0;
  tooLarge = false;
  /** Nested deeper than MAX_RECORD_DEPTH somewhere. */
  tooDeep = false;
  /** The first bytes of a too-large record. */
  head: Buffer | undefined;
  /** A \u escape occurred in one of the record's strings. */
  unicodeEscape = false;
  /** Offsets (from `start`) of the 13-byte strings directly inside the record: where a top-level "eventSource" key can be. */
  readonly keyCandidates: number[] = [];
  private buffer = Buffer.alloc(0);
  private length = 0;

  constructor(private readonly maxBytes: number) {}

  begin(start: number, line: number, chunkStart: number): void {
    this.start = start;
    this.line = line;
    this.chunkStart = chunkStart;
    this.tooLarge = false;
    this.tooDeep = false;
    this.head = undefined;
    this.unicodeEscape = false;
    this.keyCandidates.length = 0;
    this.length = 0;
  }

  /** At a chunk's end: keep the record's part (chunks may be reused by their producer), unless over the limit. */
  keep(part: Buffer): void {
    this.chunkStart = 0;
    if (this.tooLarge) return;
    if (this.length + part.length > this.maxBytes) return this.overflow(part);
    this.append(part);
  }

  /**
   * At the record's end, with its last part: its bytes, or undefined when too large. The bytes
   * may view the caller's chunk or this buffer: valid until the next record begins.
   */
  finish(tail: Buffer): Buffer | undefined {
    if (this.tooLarge) return undefined;
    if (this.length + tail.length > this.maxBytes) {
      this.overflow(tail);
      return undefined;
    }
    if (this.length === 0) return tail; // the whole record is in one chunk: no copy
    this.append(tail);
    return this.buffer.subarray(0, this.length);
  }

  /** The kept bytes from absolute offset `from` on, with `rest` after them (a string split across chunks). */
  joinFrom(from: number, rest: Buffer): Buffer | undefined {
    if (this.tooLarge) return undefined;
    return Buffer.concat([this.buffer.subarray(from - this.start, this.length), rest]);
  }

  private overflow(part: Buffer): void {
    this.tooLarge = true;
    this.head = Buffer.concat([
      this.buffer.subarray(0, Math.min(this.length, HEAD_BYTES)),
      part.subarray(0, HEAD_BYTES),
    ]).subarray(0, HEAD_BYTES);
  }

  private append(part: Buffer): void {
    const needed = this.length + part.length;
    if (needed > this.buffer.length) {
      const grown = Buffer.alloc(Math.min(Math.max(needed, this.buffer.length * 2, FIRST_BYTES), this.maxBytes));
      this.buffer.copy(grown, 0, 0, this.length);
      this.buffer = grown;
    }
    part.copy(this.buffer, this.length);
    this.length = needed;
  }
}
