// A byte-level structural scanner that cuts a JSON stream into the raw bytes of each record
// WITHOUT parsing them, so the reader can throw most records away with a cheap byte search.
// It tracks only what finding record boundaries needs — nesting (validated), strings, escapes —
// and checks commas only between records. Records are: the elements of a top-level
// {"Records":[…]} / {"Events":[…]} array, of a top-level […], or each top-level object
// (NDJSON / concatenated JSON). A record's own grammar is left to JSON.parse, if it is parsed.

import { isJsonScalarStart, renderBytes, syntaxError, truncatedJsonError } from "./read-error";

export type ContainerContext = "array" | "records" | "events";
export type ValueContext = "top-level" | ContainerContext;

export interface RawValue {
  context: ValueContext;
  /** First byte: 0x7b for an object; anything else is a non-object element (bytes not kept). */
  firstByte: number;
  /** The object's bytes, valid only during the call (it may view the caller's chunk). */
  bytes: Buffer | undefined;
  byteOffset: number;
  line: number;
  /** The object's size, also when it was too large to keep. */
  size: number;
  tooLarge: boolean;
  /** The first few KB of a too-large object, to tell a digest from a record. */
  head: Buffer | undefined;
  /** A \u escape occurred in one of its strings (a key could be spelled with escapes). */
  hasUnicodeEscape: boolean;
  /** Offsets (from the object's start) of the 13-byte strings directly inside it: where a top-level "eventSource" key can be. */
  keyCandidates: readonly number[];
}

export interface SplitterSink {
  value(value: RawValue): void;
  containerStart(context: ContainerContext): void;
  containerEnd(context: ContainerContext): void;
  /** A number, string, boolean or null at the top level; expected to throw. */
  topLevelScalar(firstByte: number, byteOffset: number, line: number): void;
}

const QUOTE = 0x22, BACKSLASH = 0x5c, LETTER_U = 0x75, COMMA = 0x2c, NEWLINE = 0x0a;
const OPEN_BRACE = 0x7b, CLOSE_BRACE = 0x7d, OPEN_BRACKET = 0x5b, CLOSE_BRACKET = 0x5d;
const MAX_DEPTH = 1000;
const HEAD_BYTES = 4096;
const RECORDS_KEY = Buffer.from('"Records"');
const EVENTS_KEY = Buffer.from('"Events"');

/** Where an array's elements stand: before the first, after a comma, after an element, inside a bare scalar. */
const enum Slot { First, AfterComma, AfterElement, InScalar }

function isStructural(c: number): boolean {
  return c === COMMA || c === QUOTE || c === OPEN_BRACE || c === CLOSE_BRACE || c === OPEN_BRACKET || c === CLOSE_BRACKET;
}

function isWhitespace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

export class JsonSplitter {
  /** Decompressed bytes before the current chunk. */
  private offset = 0;
  private chunk: Buffer = Buffer.alloc(0);
  private line = 1;
  private nextNewline = -1; // in the current chunk; chunk.length when none is left
  private depth = 0;
  private readonly stack = new Uint8Array(MAX_DEPTH + 1);
  /** Depth of the container whose children are records: 0 top level, 1 array, 2 wrapper array; -1 at a wrapper's own level. */
  private elementDepth = 0;
  private context: ValueContext = "top-level";
  private slot = Slot.First;
  private inString = false;
  private escapePending = false;
  private stringStart = 0; // absolute
  /** Whether a top-level value has begun (so a bad first byte means "not JSON"). */
  started = false;
  // The object being captured.
  private capturing = false;
  private captureStart = 0; // absolute
  private captureLine = 1;
  private captureChunkStart = 0; // index in the current chunk
  /** The parts of the record from earlier chunks, copied (a producer may reuse its chunks); reused across records. */
  private captureBuffer = Buffer.alloc(64 * 1024);
  private captureLength = 0;
  private tooLarge = false;
  private head: Buffer | undefined;
  private unicodeEscape = false;
  private readonly keyCandidates: number[] = [];
  private topLevelObject = false;
  private wrapperKey: "records" | "events" | undefined;

  constructor(private readonly sink: SplitterSink, private readonly maxRecordBytes: number, startOffset = 0) {
    this.offset = startOffset;
  }

  write(chunk: Buffer): void {
    const n = chunk.length;
    if (n === 0) return;
    this.chunk = chunk;
    this.nextNewline = -1;
    let i = this.inString ? this.resumeString(chunk) : 0;
    while (i < n) {
      const base = this.elementDepth >= 0 ? this.elementDepth : 1;
      if (this.depth > base) i = this.scanBody(chunk, i, base);
      else if (this.elementDepth >= 0) i = this.scanElementLevel(chunk, i);
      else i = this.scanWrapperLevel(chunk, i);
    }
    if (this.capturing) this.keepCapturedPart(chunk.subarray(this.captureChunkStart));
    this.captureChunkStart = 0;
    this.lineAt(n);
    this.offset += n;
  }

  /** At end of input: anything still open means the file was cut short. */
  finish(): void {
    if (this.depth > 0 || this.inString) throw truncatedJsonError(this.offset, this.line);
  }

  /** Inside a value: a tight loop that only follows strings and brackets. */
  private scanBody(chunk: Buffer, from: number, base: number): number {
    const n = chunk.length;
    const stack = this.stack;
    const keyDepth = this.capturing ? base + 1 : -1;
    let depth = this.depth;
    let i = from;
    for (; i < n; i++) {
      const c = chunk[i]!;
      if (c === QUOTE) {
        const start = i;
        for (i++; i < n; i++) {
          const s = chunk[i]!;
          if (s === QUOTE) break;
          if (s === BACKSLASH) {
            i++;
            if (i === n) this.escapePending = true;
            else if (chunk[i] === LETTER_U) this.unicodeEscape = true;
          }
        }
        if (i >= n) {
          this.inString = true;
          this.stringStart = this.offset + start;
          break;
        }
        if (depth === keyDepth) this.noteKeyString(this.offset + start, i);
        continue;
      }
      if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        if (c === OPEN_BRACKET && depth === keyDepth && this.wrapperKey !== undefined) {
          this.depth = depth;
          return this.enterWrapperArray(i);
        }
        if (depth >= MAX_DEPTH) throw syntaxError(`nested deeper than ${MAX_DEPTH} levels`, this.offset + i, this.lineAt(i));
        stack[depth++] = c;
        continue;
      }
      if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        if (stack[depth - 1] !== c - 2) {
          this.depth = depth;
          throw this.unexpected(i);
        }
        depth--;
        if (depth === base) {
          this.depth = depth;
          if (this.capturing) this.emitCaptured(chunk, i);
          return i + 1;
        }
      }
    }
    this.depth = depth;
    return n;
  }

  /** Between records: validate commas, start the next record, close the container. */
  private scanElementLevel(chunk: Buffer, from: number): number {
    for (let i = from; i < chunk.length; i++) {
      const c = chunk[i]!;
      if (isWhitespace(c)) {
        if (this.slot === Slot.InScalar) this.slot = Slot.AfterElement;
        continue;
      }
      if (this.elementDepth === 0) return this.startTopLevelValue(chunk, i, c);
      if (c === COMMA && (this.slot === Slot.AfterElement || this.slot === Slot.InScalar)) {
        this.slot = Slot.AfterComma;
        continue;
      }
      if (c === CLOSE_BRACKET && this.slot !== Slot.AfterComma) {
        const context = this.context as ContainerContext;
        this.depth--;
        this.elementDepth = this.depth === 0 ? 0 : -1;
        this.context = "top-level";
        this.sink.containerEnd(context);
        return i + 1;
      }
      if (this.slot === Slot.InScalar && !isStructural(c)) continue; // the rest of a number, true, false or null
      if (this.slot === Slot.AfterElement || this.slot === Slot.InScalar || c === COMMA || c === CLOSE_BRACKET || c === CLOSE_BRACE) {
        throw this.unexpected(i, this.slot === Slot.AfterElement ? ' (expected "," or "]")' : "");
      }
      this.slot = Slot.AfterElement;
      if (c === OPEN_BRACE) {
        this.startCapture(i);
        this.stack[this.depth++] = c;
        return i + 1;
      }
      this.emitNonObject(i, c);
      if (c === OPEN_BRACKET) {
        this.stack[this.depth++] = c; // skipped over by scanBody without capturing
        return i + 1;
      }
      if (c === QUOTE) return this.skipString(chunk, i);
      if (!isJsonScalarStart(c)) throw this.unexpected(i);
      this.slot = Slot.InScalar;
    }
    return chunk.length;
  }

  private startTopLevelValue(chunk: Buffer, i: number, c: number): number {
    if (c === OPEN_BRACE) {
      this.started = true;
      this.context = "top-level";
      this.startCapture(i);
      this.topLevelObject = true;
      this.stack[this.depth++] = c;
      return i + 1;
    }
    if (c === OPEN_BRACKET) {
      this.started = true;
      this.stack[this.depth++] = c;
      this.elementDepth = 1;
      this.context = "array";
      this.slot = Slot.First;
      this.sink.containerStart("array");
      return i + 1;
    }
    if (isJsonScalarStart(c)) this.sink.topLevelScalar(c, this.offset + i, this.lineAt(i));
    throw this.unexpected(i);
  }

  /** Inside a Records/Events wrapper but outside its array: other keys ("NextToken"…) are passed over. */
  private scanWrapperLevel(chunk: Buffer, from: number): number {
    for (let i = from; i < chunk.length; i++) {
      const c = chunk[i]!;
      if (c === QUOTE) return this.skipString(chunk, i);
      if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        this.stack[this.depth++] = c;
        return i + 1;
      }
      if (c === CLOSE_BRACKET) throw this.unexpected(i);
      if (c === CLOSE_BRACE) {
        this.depth = 0;
        this.elementDepth = 0;
        return i + 1;
      }
    }
    return chunk.length;
  }

  /** Skip a string that is not inside a captured record; returns the index after it. */
  private skipString(chunk: Buffer, quoteAt: number): number {
    for (let i = quoteAt + 1; i < chunk.length; i++) {
      const s = chunk[i]!;
      if (s === QUOTE) return i + 1;
      if (s === BACKSLASH) {
        i++;
        if (i === chunk.length) this.escapePending = true;
      }
    }
    this.inString = true;
    this.stringStart = this.offset + quoteAt;
    return chunk.length;
  }

  /** A string left open by the previous chunk. */
  private resumeString(chunk: Buffer): number {
    let i = 0;
    if (this.escapePending) {
      this.escapePending = false;
      if (chunk[0] === LETTER_U) this.unicodeEscape = true;
      i = 1;
    }
    for (; i < chunk.length; i++) {
      const s = chunk[i]!;
      if (s === QUOTE) break;
      if (s === BACKSLASH) {
        i++;
        if (i === chunk.length) this.escapePending = true;
        else if (chunk[i] === LETTER_U) this.unicodeEscape = true;
      }
    }
    if (i >= chunk.length) return chunk.length;
    this.inString = false;
    if (this.capturing && this.depth === this.elementDepth + 1) this.noteKeyString(this.stringStart, i);
    return i + 1;
  }

  /** A string directly inside the record: remember where a top-level "eventSource" may be, and spot wrapper keys. */
  private noteKeyString(startAbs: number, closeAt: number): void {
    const length = this.offset + closeAt + 1 - startAbs;
    if (length === 13) this.keyCandidates.push(startAbs - this.captureStart);
    if (!this.topLevelObject) return;
    this.wrapperKey = undefined;
    if (length !== RECORDS_KEY.length && length !== EVENTS_KEY.length) return;
    const text = startAbs >= this.offset
      ? this.chunk.subarray(startAbs - this.offset, closeAt + 1)
      : this.tooLarge ? undefined
      : Buffer.concat([this.captureBuffer.subarray(startAbs - this.captureStart, this.captureLength), this.chunk.subarray(0, closeAt + 1)]);
    if (text?.equals(RECORDS_KEY)) this.wrapperKey = "records";
    else if (text?.equals(EVENTS_KEY)) this.wrapperKey = "events";
  }

  /** The top-level object was a wrapper: drop what was captured and read its array's elements. */
  private enterWrapperArray(i: number): number {
    const context = this.wrapperKey ?? "records";
    this.capturing = false;
    this.topLevelObject = false;
    this.wrapperKey = undefined;
    this.stack[this.depth++] = OPEN_BRACKET;
    this.elementDepth = this.depth;
    this.context = context;
    this.slot = Slot.First;
    this.sink.containerStart(context);
    return i + 1;
  }

  private startCapture(i: number): void {
    this.capturing = true;
    this.captureStart = this.offset + i;
    this.captureLine = this.lineAt(i);
    this.captureChunkStart = i;
    this.captureLength = 0;
    this.tooLarge = false;
    this.head = undefined;
    this.unicodeEscape = false;
    this.keyCandidates.length = 0;
    this.topLevelObject = false;
    this.wrapperKey = undefined;
  }

  /** At a chunk's end: keep the record's part, unless the record is over the limit. */
  private keepCapturedPart(part: Buffer): void {
    if (this.tooLarge) return;
    if (this.captureLength + part.length > this.maxRecordBytes) {
      this.tooLarge = true;
      this.head = Buffer.concat([this.captureBuffer.subarray(0, this.captureLength), part.subarray(0, HEAD_BYTES)]).subarray(0, HEAD_BYTES);
      return;
    }
    this.append(part);
  }

  private append(part: Buffer): void {
    const needed = this.captureLength + part.length;
    if (needed > this.captureBuffer.length) {
      const grown = Buffer.alloc(Math.max(needed, this.captureBuffer.length * 2));
      this.captureBuffer.copy(grown, 0, 0, this.captureLength);
      this.captureBuffer = grown;
    }
    part.copy(this.captureBuffer, this.captureLength);
    this.captureLength = needed;
  }

  private emitCaptured(chunk: Buffer, closeAt: number): void {
    const size = this.offset + closeAt + 1 - this.captureStart;
    const tail = chunk.subarray(this.captureChunkStart, closeAt + 1);
    let bytes: Buffer | undefined;
    if (!this.tooLarge && size > this.maxRecordBytes) {
      this.tooLarge = true;
      this.head = Buffer.concat([this.captureBuffer.subarray(0, this.captureLength), tail.subarray(0, HEAD_BYTES)]).subarray(0, HEAD_BYTES);
    } else if (!this.tooLarge && this.captureLength === 0) {
      bytes = tail; // the whole record is in this chunk: no copy
    } else if (!this.tooLarge) {
      this.append(tail);
      bytes = this.captureBuffer.subarray(0, size);
    }
    this.capturing = false;
    this.sink.value({
      context: this.context, firstByte: OPEN_BRACE, bytes, byteOffset: this.captureStart, line: this.captureLine,
      size, tooLarge: this.tooLarge, head: this.head, hasUnicodeEscape: this.unicodeEscape, keyCandidates: this.keyCandidates,
    });
    this.topLevelObject = false;
    this.head = undefined;
  }

  private emitNonObject(i: number, firstByte: number): void {
    this.sink.value({
      context: this.context, firstByte, bytes: undefined, byteOffset: this.offset + i, line: this.lineAt(i),
      size: 0, tooLarge: false, head: undefined, hasUnicodeEscape: false, keyCandidates: [],
    });
  }

  private unexpected(i: number, expected = ""): Error {
    const what = renderBytes(Uint8Array.of(this.chunk[i]!));
    return syntaxError(`unexpected ${what}${expected}`, this.offset + i, this.lineAt(i));
  }

  /** Line of the byte at index i of the current chunk; calls come in increasing i within a chunk. */
  private lineAt(i: number): number {
    if (this.nextNewline < 0) this.nextNewline = this.findNewline(0);
    while (this.nextNewline < i) {
      this.line++;
      this.nextNewline = this.findNewline(this.nextNewline + 1);
    }
    return this.line;
  }

  private findNewline(from: number): number {
    const at = this.chunk.indexOf(NEWLINE, from);
    return at === -1 ? this.chunk.length : at;
  }
}
