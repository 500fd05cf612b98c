// Lines of the decompressed stream, counted only when a position is asked for: newlines are found
// with memchr-speed indexOf, each at most once, instead of testing every byte in the scan loop.

const NEWLINE = 0x0a;

export class LineCounter {
  /** The line at the start of the current chunk, then advanced as positions are asked for. */
  private line = 1;
  private chunk: Buffer = Buffer.alloc(0);
  /** Index of the next newline not yet counted; chunk.length when there is none; -1 before the first search. */
  private nextNewline = -1;

  startChunk(chunk: Buffer): void {
    this.chunk = chunk;
    this.nextNewline = -1;
  }

  /** The 1-based line of byte i of the current chunk; asked in increasing i within a chunk. */
  lineAt(i: number): number {
    if (this.nextNewline < 0) this.nextNewline = this.findNewline(0);
    while (this.nextNewline < i) {
      this.line++;
      this.nextNewline = this.findNewline(this.nextNewline + 1);
    }
    return this.line;
  }

  /** The line reached so far (after endOfChunk: the line of the stream's end). */
  get current(): number {
    return this.line;
  }

  /** Count the rest of the current chunk. */
  endOfChunk(): number {
    return this.lineAt(this.chunk.length);
  }

  private findNewline(from: number): number {
    const at = this.chunk.indexOf(NEWLINE, from);
    return at === -1 ? this.chunk.length : at;
  }
}
