// Rows for `COPY … FROM STDIN (FORMAT binary)`. Binary COPY carries every field as a length and
// its bytes, so nothing is escaped: a record's JSON goes to PostgreSQL as the very bytes read
// from the file. Building CSV lines instead (quote doubling over every record) cost more CPU
// than everything else in the ingest together. Only the types the staging tables use are here;
// npm's pg-copy-streams-binary allocates a buffer per field and is unmaintained.
// Format: https://www.postgresql.org/docs/current/sql-copy.html#id-1.9.3.55.9.4

const SIGNATURE = Buffer.from("PGCOPY\n\xff\r\n\0", "latin1");
/** timestamptz is microseconds since 2000-01-01 UTC. */
const POSTGRES_EPOCH_MS = Date.UTC(2000, 0, 1);
const JSONB_VERSION = 1;

export class BinaryCopyRows {
  private buffer: Buffer;
  private at = 0;
  private rows = 0;

  constructor(
    private readonly columns: number,
    initialBytes = 1 << 20,
  ) {
    this.buffer = Buffer.allocUnsafe(initialBytes);
    SIGNATURE.copy(this.buffer, 0);
    this.buffer.writeInt32BE(0, 11); // flags
    this.buffer.writeInt32BE(0, 15); // header extension length
    this.at = 19;
  }

  get rowCount(): number {
    return this.rows;
  }

  row(): this {
    this.reserve(2);
    this.buffer.writeInt16BE(this.columns, this.at);
    this.at += 2;
    this.rows++;
    return this;
  }

  /** text; PostgreSQL refuses NUL in text, so it becomes U+FFFD (unpaired surrogates already do, in UTF-8 encoding). */
  text(value: string | null | undefined): this {
    if (value === null || value === undefined) return this.null();
    const s = value.includes("\u0000") ? value.replaceAll("\u0000", "\uFFFD") : value;
    this.reserve(4 + s.length * 3);
    const length = this.buffer.write(s, this.at + 4, "utf8");
    this.buffer.writeInt32BE(length, this.at);
    this.at += 4 + length;
    return this;
  }

  bool(value: boolean | null | undefined): this {
    if (value === null || value === undefined) return this.null();
    this.reserve(5);
    this.buffer.writeInt32BE(1, this.at);
    this.buffer[this.at + 4] = value ? 1 : 0;
    this.at += 5;
    return this;
  }

  int8(value: bigint | null | undefined): this {
    if (value === null || value === undefined) return this.null();
    this.reserve(12);
    this.buffer.writeInt32BE(8, this.at);
    this.buffer.writeBigInt64BE(value, this.at + 4);
    this.at += 12;
    return this;
  }

  timestamptz(value: Date): this {
    this.reserve(12);
    this.buffer.writeInt32BE(8, this.at);
    this.buffer.writeBigInt64BE(BigInt(value.getTime() - POSTGRES_EPOCH_MS) * 1000n, this.at + 4);
    this.at += 12;
    return this;
  }

  /** jsonb from JSON text that PostgreSQL accepts as is (valid UTF-8, no \u0000, no lone surrogate escapes). */
  jsonb(json: Buffer | string): this {
    if (typeof json === "string") {
      this.reserve(5 + json.length * 3);
      const length = this.buffer.write(json, this.at + 5, "utf8");
      this.buffer.writeInt32BE(length + 1, this.at);
      this.buffer[this.at + 4] = JSONB_VERSION;
      this.at += 5 + length;
    } else {
      this.reserve(5 + json.length);
      this.buffer.writeInt32BE(json.length + 1, this.at);
      this.buffer[this.at + 4] = JSONB_VERSION;
      json.copy(this.buffer, this.at + 5);
      this.at += 5 + json.length;
    }
    return this;
  }

  bytea(value: Buffer | null | undefined): this {
    if (value === null || value === undefined) return this.null();
    this.reserve(4 + value.length);
    this.buffer.writeInt32BE(value.length, this.at);
    value.copy(this.buffer, this.at + 4);
    this.at += 4 + value.length;
    return this;
  }

  null(): this {
    this.reserve(4);
    this.buffer.writeInt32BE(-1, this.at);
    this.at += 4;
    return this;
  }

  /** The whole COPY payload, trailer included. The object must not be used afterwards. */
  finish(): Buffer {
    this.reserve(2);
    this.buffer.writeInt16BE(-1, this.at);
    this.at += 2;
    return this.buffer.subarray(0, this.at);
  }

  private reserve(bytes: number): void {
    if (this.at + bytes <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.at + bytes));
    this.buffer.copy(grown, 0, 0, this.at);
    this.buffer = grown;
  }
}
