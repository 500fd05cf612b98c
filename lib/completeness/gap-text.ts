// The gap banner's sentence and link, pure: "2 log files of us-east-1 on 2026-11-12 are missing —
// this history may be incomplete", and the /completeness range that shows them.

import { addDays } from "@/lib/sources/layout";
import { MAX_RANGE_DAYS } from "./schemas";
import type { CompletenessLink } from "./urls";

export interface GapDay {
  account: string;
  region: string;
  /** UTC day, "2026-11-12". */
  day: string;
  missing: number;
}

const files = (n: number) => `${n.toLocaleString("en-US")} log ${n === 1 ? "file" : "files"}`;

function listed(values: string[]): string {
  if (values.length <= 3) return values.join(", ");
  return `${values.slice(0, 3).join(", ")} and ${values.length - 3} more`;
}

/** The banner's sentence and its link; null when nothing is missing. Gaps come sorted by day. */
export function gapBanner(gaps: readonly GapDay[]): { text: string; link: CompletenessLink } | null {
  if (gaps.length === 0) return null;
  const missing = gaps.reduce((n, g) => n + g.missing, 0);
  const days = [...new Set(gaps.map((g) => g.day))].sort();
  const accounts = [...new Set(gaps.map((g) => g.account))].sort();
  const regions = [...new Set(gaps.map((g) => g.region))].sort();
  const first = days[0]!;
  const last = days[days.length - 1]!;
  const when = days.length === 1 ? `on ${first}` : `on ${days.length} days between ${first} and ${last}`;
  const ofAccount = accounts.length === 1 ? ` (account ${accounts[0]})` : ` (${accounts.length} accounts)`;
  const verb = missing === 1 ? "is" : "are";
  const text = `${files(missing)} of ${listed(regions)}${ofAccount} ${when} ${verb} missing — this history may be incomplete`;
  // The completeness view shows at most MAX_RANGE_DAYS days: the latest of them when the gaps span more.
  const earliest = addDays(last, -(MAX_RANGE_DAYS - 1));
  const from = earliest > first ? earliest : first;
  return {
    text,
    link: {
      from,
      to: last,
      account: accounts.length === 1 ? accounts[0] : null,
      region: regions.length === 1 ? regions[0] : null,
    },
  };
}

/** A period of whole UTC days (both included, either open) as instants: the timelines' from/to. */
export function dayPeriod(from?: string, to?: string): { from?: Date; to?: Date } {
  return {
    from: from ? new Date(`${from}T00:00:00Z`) : undefined,
    to: to ? new Date(`${addDays(to, 1)}T00:00:00Z`) : undefined,
  };
}
