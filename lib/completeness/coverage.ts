// Coverage cells, pure: the status of a cell from its counts, the hours (or days) with no digest
// between a stream's digests, and the one-line summary the page, the API's users and the CLI print.

import type { CellStatus, CompletenessSummary, CoverageCell } from "./schemas";

export function cellStatus(
  c: Pick<CoverageCell, "digests" | "logFiles" | "read" | "modified" | "chainGaps">,
): CellStatus {
  if (c.modified > 0) return "modified";
  if (c.read < c.logFiles) return "missing";
  if (c.chainGaps > 0) return "no-digest";
  return c.digests > 0 ? "complete" : "empty";
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * Adds a `no-digest` cell for every step (hour or day) between a stream's first and last cell that
 * has no digest: CloudTrail delivers a digest every hour, even with no log files, while validation
 * is on. Cells come back sorted by stream and time.
 */
export function withDigestGaps(cells: readonly CoverageCell[], step: "hour" | "day"): CoverageCell[] {
  const stepMs = step === "hour" ? HOUR_MS : DAY_MS;
  const byStream = new Map<string, CoverageCell[]>();
  for (const cell of cells) {
    const id = `${cell.account}/${cell.region}`;
    byStream.set(id, [...(byStream.get(id) ?? []), cell]);
  }
  const out: CoverageCell[] = [];
  for (const id of [...byStream.keys()].sort()) {
    const stream = byStream.get(id)!.sort((a, b) => a.at.localeCompare(b.at));
    const times = new Set(stream.map((c) => c.at));
    const first = Date.parse(stream[0]!.at);
    const last = Date.parse(stream[stream.length - 1]!.at);
    for (let t = first; t <= last; t += stepMs) {
      const at = step === "hour" ? new Date(t).toISOString() : new Date(t).toISOString().slice(0, 10);
      if (times.has(at)) continue;
      const { account, region } = stream[0]!;
      out.push({
        account,
        region,
        at,
        digests: 0,
        logFiles: 0,
        read: 0,
        missing: 0,
        modified: 0,
        chainGaps: 0,
        status: "no-digest",
      });
    }
    out.push(...stream);
  }
  return out.sort((a, b) => `${a.account}/${a.region}/${a.at}`.localeCompare(`${b.account}/${b.region}/${b.at}`));
}

/** "412 of 415 log files read for 2026-11-01 … 2026-11-30; 3 missing, 0 modified, digest chain unbroken, signatures verified". */
export function summaryLine(from: string, to: string, s: CompletenessSummary): string {
  const range = from === to ? from : `${from} … ${to}`;
  if (s.digests === 0) return `No digest files for ${range}: completeness cannot be shown (is log file validation on?)`;
  const chain =
    s.chainGaps === 0
      ? "digest chain unbroken"
      : `${s.chainGaps} ${s.chainGaps === 1 ? "break" : "breaks"} in the digest chain`;
  const signatures =
    s.signatures.invalid > 0
      ? `${s.signatures.invalid} ${s.signatures.invalid === 1 ? "signature" : "signatures"} INVALID`
      : s.signatures.unverified > 0
        ? `${s.signatures.unverified} of ${s.digests} signatures unverified`
        : "signatures verified";
  const unnamed = s.unnamed > 0 ? `, ${s.unnamed} read files named by no digest` : "";
  const counts = `${s.missing} missing, ${s.modified} modified`;
  return `${s.read} of ${s.logFiles} log files read for ${range}; ${counts}, ${chain}, ${signatures}${unnamed}`;
}

/** Whether a scheduled check passes: nothing missing or modified, no chain break, no bad signature. */
export function checkPasses(s: CompletenessSummary, requireSignatures: boolean): boolean {
  if (s.missing > 0 || s.modified > 0 || s.chainGaps > 0 || s.signatures.invalid > 0) return false;
  return !requireSignatures || s.signatures.unverified === 0;
}
