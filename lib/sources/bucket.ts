import { GetObjectCommand, ListObjectsV2Command, type S3Client } from "@aws-sdk/client-s3";
import type { BucketSettings } from "./s3-client";
import { describeS3Error, type S3Failure } from "./s3-errors";

// The three requests a sync makes — list folders, list a folder's objects page by page, get an
// object as a stream — counted, so tests and the benchmark can hold the listing cost to what the
// wanted days need.

export interface ListedObject {
  key: string;
  /** Without S3's surrounding quotes. */
  etag: string;
  size: number;
  lastModified: Date;
}

export interface ObjectStream {
  body: AsyncIterable<Uint8Array>;
  etag: string;
  size: number;
  /** When S3 last wrote it (null when S3 did not say). */
  lastModified: Date | null;
  /** A digest object's `x-amz-meta-signature`: CloudTrail's signature of it (lib/completeness). */
  signature: string | null;
}

function unquote(etag: string | undefined): string {
  return (etag ?? "").replace(/^"|"$/g, "");
}

export class BucketReader {
  /** S3 requests made so far (every page counts). */
  requests = 0;

  constructor(
    readonly client: S3Client,
    readonly settings: BucketSettings & { roleArn?: string | null },
  ) {}

  /** The sub-folders of a folder (delimiter listing), every page. */
  async listFolders(folder: string): Promise<string[]> {
    const folders: string[] = [];
    let token: string | undefined;
    do {
      this.requests++;
      const page = await this.client.send(
        new ListObjectsV2Command({
          Bucket: this.settings.bucket,
          Prefix: folder,
          Delimiter: "/",
          ContinuationToken: token,
        }),
      );
      for (const p of page.CommonPrefixes ?? []) if (p.Prefix) folders.push(p.Prefix);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return folders;
  }

  /** The objects under a folder, one page (up to 1,000) at a time. */
  async *listObjects(folder: string, pageSize = 1000): AsyncGenerator<ListedObject[]> {
    let token: string | undefined;
    do {
      this.requests++;
      const page = await this.client.send(
        new ListObjectsV2Command({
          Bucket: this.settings.bucket,
          Prefix: folder,
          ContinuationToken: token,
          MaxKeys: pageSize,
        }),
      );
      yield (page.Contents ?? []).flatMap((o) =>
        o.Key
          ? [{ key: o.Key, etag: unquote(o.ETag), size: o.Size ?? 0, lastModified: o.LastModified ?? new Date(0) }]
          : [],
      );
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  /** A few keys under a folder, for the connection test's proof. */
  async sampleKeys(folder: string, count: number): Promise<string[]> {
    this.requests++;
    const page = await this.client.send(
      new ListObjectsV2Command({ Bucket: this.settings.bucket, Prefix: folder, MaxKeys: count }),
    );
    return (page.Contents ?? []).flatMap((o) => (o.Key ? [o.Key] : []));
  }

  async getObject(key: string, signal?: AbortSignal): Promise<ObjectStream> {
    this.requests++;
    const response = await this.client.send(new GetObjectCommand({ Bucket: this.settings.bucket, Key: key }), {
      abortSignal: signal,
    });
    if (!response.Body) throw new Error(`S3 sent no body for ${key}`);
    return {
      // In Node the body is an http.IncomingMessage: read as it arrives, never buffered whole.
      body: response.Body as AsyncIterable<Uint8Array>,
      etag: unquote(response.ETag),
      size: response.ContentLength ?? 0,
      lastModified: response.LastModified ?? null,
      signature: response.Metadata?.signature ?? null,
    };
  }

  failure(error: unknown, action: "list" | "get", key?: string): S3Failure {
    return describeS3Error(error, {
      action,
      key,
      bucket: this.settings.bucket,
      prefix: this.settings.prefix,
      region: this.settings.region,
      endpoint: this.settings.endpoint,
      roleArn: this.settings.roleArn ?? null,
    });
  }
}
