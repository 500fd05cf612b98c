// CloudTrail's key layout in S3 (docs/reference/CLOUDTRAIL.md, "Delivery to S3"), pure:
//   [prefix/]AWSLogs/[o-org/]<account>/CloudTrail/<region>/YYYY/MM/DD/<file>.json.gz
// Digests sit under CloudTrail-Digest/ and Insights under CloudTrail-Insight/ in place of
// CloudTrail/. A sync lists folders with delimiters and then only the day folders it wants, so
// every name a listing needs is built here, and every key it gets back is read here.

export type TrailFolder = "CloudTrail" | "CloudTrail-Digest" | "CloudTrail-Insight";

/** One delivery stream: the folder of one account and region (organization trails add the org id). */
export interface Stream {
  orgId: string | null;
  account: string;
  region: string;
}

/** A calendar day in UTC, "YYYY-MM-DD". */
export type Day = string;

export interface TrailKey extends Stream {
  folder: TrailFolder;
  day: Day;
  fileName: string;
}

const ACCOUNT_ID = /^\d{12}$/;
const ORG_ID = /^o-[a-z0-9]{10,32}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isAccountId(value: string): boolean {
  return ACCOUNT_ID.test(value);
}

export function isOrgId(value: string): boolean {
  return ORG_ID.test(value);
}

export function isRegionName(value: string): boolean {
  return REGION.test(value);
}

/** "logs", "/logs/", "logs/" → "logs/"; "" and "/" → "". The form every key builder expects. */
export function normalisePrefix(prefix: string): string {
  const trimmed = prefix.replace(/^\/+/, "").replace(/\/+$/, "");
  return trimmed ? `${trimmed}/` : "";
}

export function awsLogsFolder(prefix: string): string {
  return `${prefix}AWSLogs/`;
}

export function accountFolder(prefix: string, orgId: string | null, account: string): string {
  return `${awsLogsFolder(prefix)}${orgId ? `${orgId}/` : ""}${account}/`;
}

export function streamFolder(prefix: string, stream: Stream, folder: TrailFolder = "CloudTrail"): string {
  return `${accountFolder(prefix, stream.orgId, stream.account)}${folder}/${stream.region}/`;
}

/** "2026-12-04" → "2026/12/04/", the day folder inside a stream folder. */
export function dayFolder(prefix: string, stream: Stream, day: Day, folder: TrailFolder = "CloudTrail"): string {
  return `${streamFolder(prefix, stream, folder)}${day.replaceAll("-", "/")}/`;
}

/** "o-a1b2c3d4e5/777788889999/us-east-1" or "111122223333/eu-west-1": how a source remembers its streams. */
export function streamId(stream: Stream): string {
  return `${stream.orgId ? `${stream.orgId}/` : ""}${stream.account}/${stream.region}`;
}

/** The last path segment of a common prefix: "AWSLogs/111122223333/" → "111122223333". */
export function folderName(commonPrefix: string): string {
  const parts = commonPrefix.split("/");
  return parts[parts.length - 2] ?? "";
}

/** Reads a key of the layout; null for anything else (console exports, manifests, stray files). */
export function parseTrailKey(key: string, prefix: string): TrailKey | null {
  if (!key.startsWith(prefix)) return null;
  const parts = key.slice(prefix.length).split("/");
  if (parts[0] !== "AWSLogs") return null;
  let i = 1;
  let orgId: string | null = null;
  if (isOrgId(parts[i] ?? "")) orgId = parts[i++]!;
  const [account, folder, region, year, month, date, fileName, ...rest] = parts.slice(i);
  if (rest.length > 0 || !account || !isAccountId(account) || !fileName) return null;
  if (folder !== "CloudTrail" && folder !== "CloudTrail-Digest" && folder !== "CloudTrail-Insight") return null;
  if (!region || !isRegionName(region)) return null;
  const day = `${year}-${month}-${date}`;
  if (!isDay(day)) return null;
  return { orgId, account, region, folder, day, fileName };
}

export function isDay(value: string): value is Day {
  const match = DAY.exec(value);
  if (!match) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

export function dayOf(time: Date): Day {
  return time.toISOString().slice(0, 10);
}

export function addDays(day: Day, n: number): Day {
  return dayOf(new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000));
}

/** Every day from `from` to `to`, both included; empty when `from` is after `to`. */
export function daysBetween(from: Day, to: Day): Day[] {
  const days: Day[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
  return days;
}

/** s3://bucket/some/prefix → { bucket, prefix: "some/prefix/" }; null when it is not an s3:// URL. */
export function parseS3Url(url: string): { bucket: string; prefix: string } | null {
  const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(url.trim());
  if (!match) return null;
  return { bucket: match[1]!, prefix: normalisePrefix(match[2] ?? "") };
}
