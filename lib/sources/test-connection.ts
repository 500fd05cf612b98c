import type { BucketReader } from "./bucket";
import { boundaryDay, discoverStreams } from "./discover";
import { dayFolder, folderName, streamId, type Day } from "./layout";
import type { ConnectionReport } from "./schemas";

// "Test connection": a handful of delimiter listings that either show what a sync would find
// (trail layout, organization trail or not, accounts, regions, first and last day) or say
// precisely why it would not (lib/sources/s3-errors.ts, or no CloudTrail layout under the prefix).

/** Streams whose first and last days are looked up: enough to be right for almost every trail, bounded for the rest. */
const MAX_STREAMS_DATED = 24;

async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}

function noLayoutMessage(reader: BucketReader, found: string[]): string {
  const where = `s3://${reader.settings.bucket}/${reader.settings.prefix}`;
  const seen = found.length
    ? `; it holds ${found
        .slice(0, 5)
        .map((f) => `${f}/`)
        .join(", ")}${found.length > 5 ? "…" : ""} instead`
    : reader.settings.prefix
      ? "; nothing is stored under that prefix"
      : "; the bucket is empty";
  return (
    `No CloudTrail logs under ${where}: expected AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/${seen}. ` +
    "Check the prefix (the part of the key before AWSLogs/)."
  );
}

export async function testConnection(reader: BucketReader): Promise<ConnectionReport> {
  const prefix = reader.settings.prefix;
  try {
    const discovery = await discoverStreams(reader, prefix, { withTrailFolders: true });
    if (discovery.streams.length === 0) {
      const found = (await reader.listFolders(prefix)).map(folderName);
      return {
        ok: false,
        error: { code: "no-cloudtrail-layout", message: noLayoutMessage(reader, found) },
        requests: reader.requests,
      };
    }
    const dated = discovery.streams.slice(0, MAX_STREAMS_DATED);
    const bounds = await mapLimited(dated, 4, async (stream) => ({
      stream,
      first: await boundaryDay(reader, prefix, stream, "first"),
      last: await boundaryDay(reader, prefix, stream, "last"),
    }));
    const firsts = bounds.flatMap((b) => (b.first ? [b.first] : [])).sort();
    const latest = bounds
      .filter((b): b is typeof b & { last: Day } => b.last !== null)
      .sort((a, b) =>
        a.last < b.last ? 1 : a.last > b.last ? -1 : streamId(a.stream).localeCompare(streamId(b.stream)),
      )[0];
    const sampleKeys = latest ? await reader.sampleKeys(dayFolder(prefix, latest.stream, latest.last), 3) : [];
    const unique = (values: string[]) => [...new Set(values)].sort();
    return {
      ok: true,
      layout: {
        organizationTrail: discovery.orgIds.length > 0,
        orgIds: discovery.orgIds,
        accounts: unique(discovery.streams.map((s) => s.account)),
        regions: unique(discovery.streams.map((s) => s.region)),
        streams: discovery.streams.length,
        firstDay: firsts[0] ?? null,
        lastDay: latest?.last ?? null,
        digests: discovery.digests,
        insights: discovery.insights,
      },
      sampleKeys,
      requests: reader.requests,
    };
  } catch (error) {
    const failure = reader.failure(error, "list");
    return { ok: false, error: { code: failure.code, message: failure.message }, requests: reader.requests };
  }
}
