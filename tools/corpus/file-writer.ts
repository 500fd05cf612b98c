// Writes corpus files: gzip runs on libuv's thread pool (zlib's async API) so compression of one
// file overlaps generation of the next; a small in-flight limit keeps memory bounded.

import { createHash } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { gzip as gzipCallback } from "node:zlib";

const gzip = promisify(gzipCallback);

/**
 * `{"Records":[a,b,c]}` assembled straight into one buffer: cheaper than joining a multi-MB
 * string and re-encoding it. Lines are ASCII (JSON.stringify of ASCII-only values), so latin1
 * is a byte-for-byte copy.
 */
export function recordsFileContent(lines: readonly string[]): Buffer {
  let total = '{"Records":[]}'.length + Math.max(0, lines.length - 1);
  for (const line of lines) total += line.length;
  const buffer = Buffer.allocUnsafe(total);
  let offset = buffer.write('{"Records":[', 0, "latin1");
  for (let i = 0; i < lines.length; i++) {
    if (i > 0) buffer[offset++] = 0x2c; // ","
    offset += buffer.write(lines[i] as string, offset, "latin1");
  }
  buffer.write("]}", offset, "latin1");
  return buffer;
}

export class CorpusFileWriter {
  bytesUncompressed = 0;
  bytesWritten = 0;
  files = 0;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly madeDirs = new Set<string>();

  constructor(
    private readonly outDir: string,
    readonly gzipped: boolean,
    private readonly maxInFlight = 4,
  ) {}

  /** Log and digest keys end in .json.gz when gzipped (as CloudTrail writes them), .json otherwise. */
  get extension(): string {
    return this.gzipped ? ".json.gz" : ".json";
  }

  /** Queues one file and returns the SHA-256 of its uncompressed content (what digest files record). */
  async write(key: string, content: string | Buffer): Promise<string> {
    const data = typeof content === "string" ? Buffer.from(content, "utf8") : content;
    const sha256 = createHash("sha256").update(data).digest("hex");
    this.bytesUncompressed += data.length;
    this.files += 1;
    const task: Promise<void> = this.persist(key, data).finally(() => this.inFlight.delete(task));
    this.inFlight.add(task);
    while (this.inFlight.size >= this.maxInFlight) await Promise.race(this.inFlight);
    return sha256;
  }

  /** The SHA-256 of content's bytes, without writing it. */
  hashOf(content: Buffer): string {
    return createHash("sha256").update(content).digest("hex");
  }

  async close(): Promise<void> {
    await Promise.all(this.inFlight);
  }

  private async persist(key: string, data: Buffer): Promise<void> {
    // Level 6 (zlib's default) — deterministic output for identical input on a given zlib build.
    const body = this.gzipped ? await gzip(data, { level: 6 }) : data;
    const path = join(this.outDir, key);
    const dir = dirname(path);
    if (!this.madeDirs.has(dir)) {
      await mkdir(dir, { recursive: true });
      this.madeDirs.add(dir);
    }
    await writeFile(path, body);
    this.bytesWritten += body.length;
  }
}
