import { fork, type ChildProcess } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import type { CreateSource } from "@/lib/sources/schemas";
import type { Command, LoggedRequest, Ready, Reply } from "./s3-server/protocol";

// The S3 server of the integration tests, e2e journey and S3 benchmark: s3rver on loopback in a
// process of its own (s3-server/process.ts says why and what it adds), in a temporary
// directory, reached with the real AWS SDK. Its request log and its simulated failures are
// asked for and set over IPC.

export type { LoggedRequest };

export const TEST_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };

const PROCESS = fileURLToPath(new URL("./s3-server/process.ts", import.meta.url));

export class TestS3Server {
  private nextId = 1;
  private readonly waiting = new Map<number, (reply: Reply) => void>();

  private constructor(
    private readonly child: ChildProcess,
    private readonly directory: string,
    readonly endpoint: string,
    readonly bucket: string,
  ) {
    child.on("message", (reply: Reply) => {
      this.waiting.get(reply.id)?.(reply);
      this.waiting.delete(reply.id);
    });
  }

  static async start(bucket = "trail-logs", options: { port?: number } = {}): Promise<TestS3Server> {
    const directory = await mkdtemp(path.join(os.tmpdir(), "cachetrail-s3-"));
    const child = fork(PROCESS, [directory, bucket, String(options.port ?? 0)], {
      execArgv: ["--openssl-legacy-provider", "--import", "tsx"],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    const ready = await new Promise<Ready>((resolve, reject) => {
      child.once("message", (m: Ready) => resolve(m));
      child.once("exit", (code) =>
        reject(new Error(`The S3 test server exited with code ${code} before it was ready`)),
      );
    });
    if (!ready.ready) throw new Error(`The S3 test server did not start: ${ready.error}`);
    return new TestS3Server(child, directory, ready.endpoint, bucket);
  }

  /** The server's process id (bench:s3 reads its CPU time). */
  get pid(): number | undefined {
    return this.child.pid;
  }

  private async ask(command: Command): Promise<Reply> {
    const id = this.nextId++;
    const reply = new Promise<Reply>((resolve) => this.waiting.set(id, resolve));
    this.child.send({ ...command, id });
    return reply;
  }

  /** GetObject of `key` is answered 403 AccessDenied until allowed again. */
  async deny(key: string): Promise<void> {
    await this.ask({ op: "deny", key });
  }

  async allow(key: string): Promise<void> {
    await this.ask({ op: "allow", key });
  }

  /** Every listing is answered 403 AccessDenied while `denied`. */
  async denyListing(denied: boolean): Promise<void> {
    await this.ask({ op: "deny-listing", denied });
  }

  /** The next download of `key` breaks off halfway. */
  async breakNextDownload(key: string): Promise<void> {
    await this.ask({ op: "flaky", key });
  }

  /** Every request is answered 301 PermanentRedirect naming `region` (null: stop). */
  async redirectTo(region: string | null): Promise<void> {
    await this.ask({ op: "redirect", region });
  }

  async requests(): Promise<LoggedRequest[]> {
    return (await this.ask({ op: "log" })).log ?? [];
  }

  async clearLog(): Promise<void> {
    await this.ask({ op: "clear-log" });
  }

  /** Keys fetched with GetObject (once per request), matching `test`. */
  async gets(test: (key: string) => boolean = () => true): Promise<LoggedRequest[]> {
    return (await this.requests()).filter((r) => r.method === "GET" && r.key !== "" && test(r.key));
  }

  /** ListObjects requests whose prefix matches `test`. */
  async lists(test: (prefix: string) => boolean = () => true): Promise<LoggedRequest[]> {
    return (await this.requests()).filter((r) => r.prefix !== null && test(r.prefix));
  }

  client(): S3Client {
    return new S3Client({
      region: "us-east-1",
      endpoint: this.endpoint,
      forcePathStyle: true,
      credentials: TEST_CREDENTIALS,
    });
  }

  /** A paused S3 source on this server's bucket, read with the default credentials (callers set AWS_* to TEST_CREDENTIALS). */
  sourceInput(fields: Pick<CreateSource, "name" | "startDate"> & Partial<CreateSource>): CreateSource {
    return {
      bucket: this.bucket,
      prefix: "",
      region: "us-east-1",
      endpoint: this.endpoint,
      forcePathStyle: true,
      accounts: [],
      awsRegions: [],
      intervalMinutes: 60,
      paused: true,
      credentials: { mode: "default" },
      roleArn: null,
      ...fields,
    };
  }

  async put(key: string, body: Buffer | string): Promise<void> {
    await this.client().send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body }));
  }

  /** Puts every file under `root` at its path relative to it (a generated AWSLogs tree); returns the keys, sorted. */
  async putTree(root: string): Promise<string[]> {
    const entries = await readdir(root, { withFileTypes: true, recursive: true });
    const keys = entries
      .filter((e) => e.isFile())
      .map((e) => path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join("/"))
      .sort();
    for (const key of keys) await this.put(key, await readFile(path.join(root, key)));
    return keys;
  }

  async read(key: string): Promise<Buffer> {
    const response = await this.client().send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    return Buffer.from(await response.Body!.transformToByteArray());
  }

  async stop(): Promise<void> {
    this.child.kill();
    await new Promise((resolve) => (this.child.exitCode !== null ? resolve(null) : this.child.once("exit", resolve)));
    await rm(this.directory, { recursive: true, force: true });
  }
}
