// Links of the completeness view, pure: the page and its API with a range and a stream.

export interface CompletenessLink {
  from: string;
  to: string;
  account?: string | null;
  region?: string | null;
}

function search(link: CompletenessLink): string {
  const q = new URLSearchParams({ from: link.from, to: link.to });
  if (link.account) q.set("account", link.account);
  if (link.region) q.set("region", link.region);
  return q.toString();
}

export function completenessUrl(link?: CompletenessLink): string {
  return link ? `/completeness?${search(link)}` : "/completeness";
}

export function completenessApiUrl(link: CompletenessLink): string {
  return `/api/completeness?${search(link)}`;
}

/** GET (list) and POST (upload) of CloudTrail public keys. */
export function completenessKeysApiUrl(): string {
  return "/api/completeness/keys";
}

/** POST: "Fetch now" of one missing log file; GET: the fetches of a range's missing files. */
export function completenessFetchApiUrl(): string {
  return "/api/completeness/fetch";
}

/** Where a missing file no S3 source covers is uploaded. */
export function uploadPageUrl(): string {
  return "/upload";
}
