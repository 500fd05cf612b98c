// A byte-level structural scanner that cuts a JSON stream into the raw bytes of each record
// WITHOUT parsing them, so most records can be thrown away cheaply. It follows only what record
// boundaries need — nesting (validated), strings, escapes — and checks commas only between
// records. Records are the elements of a top-level {"Records":[…]} / {"Events":[…]} array or of
// a top-level […], or each top-level object (NDJSON / concatenated JSON). A top-level object is
// captured as a record until a "Records"/"Events" key opens an array directly inside it: then it
// is a wrapper, whose other keys ("NextToken"…) are passed over. JSON.parse checks the rest.

import { LineCounter } from "./line-counter";
import { isJsonScalarStart, renderBytes, syntaxError, truncatedJsonError } from "./read-error";
import { RecordCapture } from "./record-capture";
import type { ContainerContext, SplitterSink, ValueContext } from "./raw-value";
import { MAX_RECORD_DEPTH } from "./storable-json";
import { Prefilter } from "./prefilter";

const QUOTE = 0x22,
  BACKSLASH = 0x5c,
  LETTER_U = 0x75,
  COMMA = 0x2c;
const OPEN_BRACE = 0x7b,
  CLOSE_BRACE = 0x7d,
  OPEN_BRACKET = 0x5b,
  CLOSE_BRACKET = 0x5d;
/** Past this, the scanner gives up on the file: its stack would grow with the input. */
const HARD_MAX_DEPTH = 1 << 20;
const RECORDS_KEY = Buffer.from('"Records"'),
  EVENTS_KEY = Buffer.from('"Events"');

/** Where an array's elements stand: before the first, after a comma, after an element, inside a bare scalar. */
const enum Slot {
  First,
  AfterComma,
  AfterElement,
  InScalar,
}

const bytesAt = (bytes: Buffer, at: number, word: Buffer) =>
  at + word.length <= bytes.length && bytes.compare(word, 0, word.length, at, at + word.length) === 0;
const isWhitespace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
const isStructural = (c: number) =>
  c === COMMA || c === QUOTE || c === OPEN_BRACE || c === CLOSE_BRACE || c === OPEN_BRACKET || c === CLOSE_BRACKET;

export class JsonSplitter {
  /** Whether a top-level value has begun (so a bad first byte means "not JSON"). */
  started = false;
  private offset: number; // of the current chunk in the decompressed stream
  private chunk: Buffer = Buffer.alloc(0);
  private readonly lines = new LineCounter();
  private depth = 0;
  private stack = new Uint8Array(MAX_RECORD_DEPTH + 1);
  /** Depth of the container whose children are records: 0 top level, 1 array, 2 wrapper array; -1 at a wrapper's own level. */
  private elementDepth = 0;
  private context: ValueContext = "top-level";
  private slot = Slot.First;
  private inString = false;
  private escapePending = false;
  private stringStart = 0; // absolute
  private capturing = false;
  private readonly capture: RecordCapture;
  private topLevelObject = false;
  /** The last string directly inside a top-level object was the key "Records" or "Events". */
  private wrapperKey: "records" | "events" | undefined;

  /** Passes over other services' records without scanning them (prefilter.ts); undefined: scan every byte. */
  private readonly prefilter: Prefilter | undefined;

  constructor(
    private readonly sink: SplitterSink,
    maxRecordBytes: number,
    startOffset = 0,
    prefilter = true,
  ) {
    this.capture = new RecordCapture(maxRecordBytes);
    this.offset = startOffset;
    this.prefilter = prefilter ? new Prefilter(maxRecordBytes) : undefined;
  }

  write(chunk: Buffer): void {
    const n = chunk.length;
    if (n === 0) return;
    this.chunk = chunk;
    this.lines.startChunk(chunk);
    this.prefilter?.startChunk(chunk);
    let i = this.inString ? this.resumeString(chunk) : 0;
    while (i < n) {
      const base = this.elementDepth >= 0 ? this.elementDepth : 1;
      if (this.depth > base) i = this.scanBody(chunk, i, base);
      else if (this.elementDepth >= 0) i = this.scanElementLevel(chunk, i);
      else i = this.scanWrapperLevel(chunk, i);
    }
    if (this.capturing) this.capture.keep(chunk.subarray(this.capture.chunkStart));
    this.lines.endOfChunk();
    this.offset += n;
  }

  /** At the end of the input: anything still open means the file was cut short. */
  finish(): void {
    if (this.depth > 0 || this.inString) throw truncatedJsonError(this.offset, this.lines.current);
  }

  /** Inside a value: the hot loop, which only follows strings and brackets. */
  private scanBody(chunk: Buffer, from: number, base: number): number {
    const n = chunk.length;
    let stack = this.stack;
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
            else if (chunk[i] === LETTER_U) this.capture.unicodeEscape = true;
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
        if (depth >= MAX_RECORD_DEPTH) stack = this.deepen(i, depth);
        stack[depth++] = c;
        continue;
      }
      if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        if (stack[depth - 1] !== c - 2) {
          // "{" + 2 is "}", "[" + 2 is "]"
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

  /**
   * A value nested past MAX_RECORD_DEPTH: the record is marked (and rejected alone, since jsonb
   * and our own recursive code refuse it), and the stack grows so its brackets are still
   * followed to the record's end. Only an absurd depth makes the whole file unreadable.
   */
  private deepen(i: number, depth: number): Uint8Array<ArrayBuffer> {
    if (this.capturing) this.capture.tooDeep = true;
    if (depth + 1 < this.stack.length) return this.stack;
    if (depth >= HARD_MAX_DEPTH)
      throw syntaxError(`nested deeper than ${HARD_MAX_DEPTH} levels`, this.offset + i, this.lines.lineAt(i));
    const grown = new Uint8Array(this.stack.length * 2);
    grown.set(this.stack);
    this.stack = grown;
    return grown;
  }

  /** Between records: validate commas, start the next record, close the container. */
  private scanElementLevel(chunk: Buffer, from: number): number {
    for (let i = from; i < chunk.length; i++) {
      const c = chunk[i]!;
      if (isWhitespace(c)) {
        if (this.slot === Slot.InScalar) this.slot = Slot.AfterElement;
        continue;
      }
      if (this.elementDepth === 0) return this.startTopLevelValue(i, c);
      if (c === COMMA && (this.slot === Slot.AfterElement || this.slot === Slot.InScalar)) {
        this.slot = Slot.AfterComma;
        continue;
      }
      if (c === CLOSE_BRACKET && this.slot !== Slot.AfterComma) return this.closeContainer(i);
      if (this.slot === Slot.InScalar && !isStructural(c)) continue; // the rest of a number, true, false or null
      if (
        this.slot === Slot.AfterElement ||
        this.slot === Slot.InScalar ||
        c === COMMA ||
        c === CLOSE_BRACKET ||
        c === CLOSE_BRACE
      ) {
        throw this.unexpected(i, this.slot === Slot.AfterElement ? ' (expected "," or "]")' : "");
      }
      this.slot = Slot.AfterElement;
      if (c === OPEN_BRACE && this.prefilter && this.context !== "events" && this.sink.canPassOver()) {
        const end = this.prefilter.skip(chunk, i, this.depth);
        if (end >= 0) {
          this.sink.passedOver();
          return end;
        }
      }
      if (c === OPEN_BRACE) return this.startCapture(i);
      this.emitNonObject(i, c);
      if (c === OPEN_BRACKET) return this.push(i, c); // passed over by scanBody without capturing
      if (c === QUOTE) return this.skipString(chunk, i);
      if (!isJsonScalarStart(c)) throw this.unexpected(i);
      this.slot = Slot.InScalar;
    }
    return chunk.length;
  }

  private startTopLevelValue(i: number, c: number): number {
    if (c === OPEN_BRACE) {
      this.started = true;
      this.context = "top-level";
      const next = this.startCapture(i);
      this.topLevelObject = true;
      return next;
    }
    if (c === OPEN_BRACKET) {
      this.started = true;
      return this.openContainer(i, "array");
    }
    if (isJsonScalarStart(c)) this.sink.topLevelScalar(c, this.offset + i, this.lines.lineAt(i));
    throw this.unexpected(i);
  }

  private closeContainer(i: number): number {
    const context = this.context as ContainerContext;
    this.depth--;
    this.elementDepth = this.depth === 0 ? 0 : -1; // back at the top level, or at the wrapper's level
    this.context = "top-level";
    this.sink.containerEnd(context);
    return i + 1;
  }

  /** Inside a Records/Events wrapper but outside its array: other keys' values are passed over. */
  private scanWrapperLevel(chunk: Buffer, from: number): number {
    for (let i = from; i < chunk.length; i++) {
      const c = chunk[i]!;
      if (c === QUOTE) return this.skipString(chunk, i);
      if (c === OPEN_BRACE || c === OPEN_BRACKET) return this.push(i, c);
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
      if (s === BACKSLASH && ++i === chunk.length) this.escapePending = true;
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
      if (chunk[0] === LETTER_U && this.capturing) this.capture.unicodeEscape = true;
      i = 1;
    }
    for (; i < chunk.length; i++) {
      const s = chunk[i]!;
      if (s === QUOTE) break;
      if (s === BACKSLASH) {
        if (++i === chunk.length) this.escapePending = true;
        else if (chunk[i] === LETTER_U && this.capturing) this.capture.unicodeEscape = true;
      }
    }
    if (i >= chunk.length) return chunk.length;
    this.inString = false;
    if (this.capturing && this.depth === this.elementDepth + 1) this.noteKeyString(this.stringStart, i);
    return i + 1;
  }

  /** A string directly inside the record: note where a top-level "eventSource" may be, and spot wrapper keys. */
  private noteKeyString(startAbs: number, closeAt: number): void {
    const length = this.offset + closeAt + 1 - startAbs;
    if (length === 13) this.capture.keyCandidates.push(startAbs - this.capture.start);
    if (!this.topLevelObject) return;
    this.wrapperKey = undefined;
    const key = length === RECORDS_KEY.length ? RECORDS_KEY : length === EVENTS_KEY.length ? EVENTS_KEY : undefined;
    if (!key) return;
    const [text, at] =
      startAbs >= this.offset
        ? [this.chunk, startAbs - this.offset] // the usual case: no copy
        : [this.capture.joinFrom(startAbs, this.chunk.subarray(0, closeAt + 1)), 0];
    if (text && bytesAt(text, at, key)) this.wrapperKey = key === RECORDS_KEY ? "records" : "events";
  }

  /** The top-level object is a wrapper: forget it as a record and read its array's elements. */
  private enterWrapperArray(i: number): number {
    const context = this.wrapperKey ?? "records";
    this.capturing = false;
    this.topLevelObject = false;
    this.wrapperKey = undefined;
    return this.openContainer(i, context);
  }

  private openContainer(i: number, context: ContainerContext): number {
    this.stack[this.depth++] = OPEN_BRACKET;
    this.elementDepth = this.depth;
    this.context = context;
    this.slot = Slot.First;
    this.sink.containerStart(context);
    return i + 1;
  }

  private push(i: number, c: number): number {
    this.stack[this.depth++] = c;
    return i + 1;
  }

  private startCapture(i: number): number {
    this.capturing = true;
    this.capture.begin(this.offset + i, this.lines.lineAt(i), i);
    this.topLevelObject = false;
    this.wrapperKey = undefined;
    return this.push(i, OPEN_BRACE);
  }

  private emitCaptured(chunk: Buffer, closeAt: number): void {
    const capture = this.capture;
    const size = this.offset + closeAt + 1 - capture.start;
    const bytes = capture.finish(chunk.subarray(capture.chunkStart, closeAt + 1));
    this.capturing = false;
    this.topLevelObject = false;
    this.sink.value({
      context: this.context,
      firstByte: OPEN_BRACE,
      bytes,
      byteOffset: capture.start,
      line: capture.line,
      size,
      tooLarge: capture.tooLarge,
      tooDeep: capture.tooDeep,
      head: capture.head,
      hasUnicodeEscape: capture.unicodeEscape,
      keyCandidates: capture.keyCandidates,
    });
  }

  private emitNonObject(i: number, firstByte: number): void {
    this.sink.value({
      context: this.context,
      firstByte,
      bytes: undefined,
      byteOffset: this.offset + i,
      line: this.lines.lineAt(i),
      size: 0,
      tooLarge: false,
      tooDeep: false,
      head: undefined,
      hasUnicodeEscape: false,
      keyCandidates: [],
    });
  }

  private unexpected(i: number, expected = ""): Error {
    return syntaxError(
      `unexpected ${renderBytes(Uint8Array.of(this.chunk[i]!))}${expected}`,
      this.offset + i,
      this.lines.lineAt(i),
    );
  }
}
