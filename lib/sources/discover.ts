import type { BucketReader } from "./bucket";
import {
  accountFolder,
  awsLogsFolder,
  folderName,
  isAccountId,
  isOrgId,
  isRegionName,
  streamFolder,
  type Day,
  type Stream,
} from "./layout";

// Finding the streams of a trail with delimiter listings, never by listing keys: AWSLogs/ holds
// account ids and organization ids; an organization's folder holds account ids; an account's
// CloudTrail/ folder holds regions. One request per folder (per thousand sub-folders).

export interface Discovery {
  orgIds: string[];
  streams: Stream[];
  /** Whether any account folder holds digests or Insights (only looked at when asked). */
  digests: boolean;
  insights: boolean;
}

export async function discoverStreams(
  reader: BucketReader,
  prefix: string,
  options: { accounts?: readonly string[]; withTrailFolders?: boolean } = {},
): Promise<Discovery> {
  const top = (await reader.listFolders(awsLogsFolder(prefix))).map(folderName);
  const orgIds = top.filter(isOrgId);
  const accounts: { orgId: string | null; account: string }[] = top
    .filter(isAccountId)
    .map((account) => ({ orgId: null, account }));
  for (const orgId of orgIds) {
    const inOrg = (await reader.listFolders(`${awsLogsFolder(prefix)}${orgId}/`)).map(folderName);
    accounts.push(...inOrg.filter(isAccountId).map((account) => ({ orgId, account })));
  }
  const wanted = options.accounts?.length ? accounts.filter((a) => options.accounts!.includes(a.account)) : accounts;

  const discovery: Discovery = { orgIds, streams: [], digests: false, insights: false };
  for (const { orgId, account } of wanted) {
    const root = accountFolder(prefix, orgId, account);
    if (options.withTrailFolders) {
      const folders = (await reader.listFolders(root)).map(folderName);
      discovery.digests ||= folders.includes("CloudTrail-Digest");
      discovery.insights ||= folders.includes("CloudTrail-Insight");
      if (!folders.includes("CloudTrail")) continue;
    }
    const regions = (await reader.listFolders(`${root}CloudTrail/`)).map(folderName).filter(isRegionName);
    discovery.streams.push(...regions.map((region) => ({ orgId, account, region })));
  }
  return discovery;
}

/** Sub-folders named by a number of `digits` digits ("2026", "04"), in order. */
async function numberedFolders(reader: BucketReader, folder: string, digits: number): Promise<string[]> {
  const pattern = new RegExp(`^\\d{${digits}}$`);
  return (await reader.listFolders(folder))
    .map(folderName)
    .filter((n) => pattern.test(n))
    .sort();
}

/** The first (or last) day folder of a stream, walking years, months and days: three requests. */
export async function boundaryDay(
  reader: BucketReader,
  prefix: string,
  stream: Stream,
  which: "first" | "last",
): Promise<Day | null> {
  const pick = (list: string[]) => (which === "first" ? list[0] : list[list.length - 1]);
  const root = streamFolder(prefix, stream);
  const year = pick(await numberedFolders(reader, root, 4));
  if (!year) return null;
  const month = pick(await numberedFolders(reader, `${root}${year}/`, 2));
  if (!month) return null;
  const date = pick(await numberedFolders(reader, `${root}${year}/${month}/`, 2));
  return date ? `${year}-${month}-${date}` : null;
}
