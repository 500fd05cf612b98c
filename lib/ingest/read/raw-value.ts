// What the structural scanner (json-splitter.ts) reports: each record's raw bytes and where the
// records' containers begin and end.

export type ContainerContext = "array" | "records" | "events";
export type ValueContext = "top-level" | ContainerContext;

export interface RawValue {
  context: ValueContext;
  /** First byte: 0x7b for an object; anything else is a non-object element (bytes not kept). */
  firstByte: number;
  /** The object's bytes, valid only during the call (they may view the caller's chunk); undefined when too large. */
  bytes: Buffer | undefined;
  byteOffset: number;
  line: number;
  /** The object's size, also when it was too large to keep. */
  size: number;
  tooLarge: boolean;
  /** Nested deeper than MAX_RECORD_DEPTH (bytes still kept when not too large). */
  tooDeep: boolean;
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
  /** Whether records of a container may be passed over unparsed by the prefilter (the file's format is known). */
  canPassOver(): boolean;
  /** A record passed over by the prefilter: another service's, counted as skipped. */
  passedOver(): void;
  /** A number, string, boolean or null at the top level; expected to throw. */
  topLevelScalar(firstByte: number, byteOffset: number, line: number): void;
}
