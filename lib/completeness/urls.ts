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
