import Link from "next/link";
import type { CellStatus, CoverageCell } from "@/lib/completeness/schemas";
import { completenessUrl } from "@/lib/completeness/urls";

// Accounts/regions × days (or hours), each cell coloured by its status and linking to the
// drill-down (a day → its hours; an hour is the finest). Plain CSS grid; colours are theme tokens.

export const STATUS_LABELS: Record<CellStatus, string> = {
  complete: "complete",
  missing: "files missing",
  modified: "files modified",
  "no-digest": "no digest",
  empty: "not in range",
};

const STATUS_CLASSES: Record<CellStatus, string> = {
  complete: "bg-coverage-complete",
  missing: "bg-coverage-missing",
  modified: "bg-coverage-modified",
  "no-digest": "bg-coverage-no-digest",
  empty: "bg-coverage-empty",
};

export function StatusSwatch({ status }: { status: CellStatus }) {
  return <span aria-hidden className={`inline-block h-3 w-3 rounded-sm ${STATUS_CLASSES[status]}`} />;
}

export function Legend() {
  return (
    <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600">
      {(Object.keys(STATUS_LABELS) as CellStatus[]).map((s) => (
        <li key={s} className="flex items-center gap-1.5">
          <StatusSwatch status={s} /> {STATUS_LABELS[s]}
        </li>
      ))}
    </ul>
  );
}

function describe(cell: CoverageCell): string {
  const parts = [`${cell.account} ${cell.region} ${cell.at.replace("T", " ").replace(":00.000Z", " UTC")}`];
  parts.push(`${cell.read} of ${cell.logFiles} log files read`);
  if (cell.missing) parts.push(`${cell.missing} missing`);
  if (cell.modified) parts.push(`${cell.modified} modified`);
  if (cell.chainGaps) parts.push(`${cell.chainGaps} break in the digest chain`);
  if (cell.digests === 0) parts.push("no digest");
  return parts.join(", ");
}

export function Heatmap({
  columns,
  streams,
  cells,
  step,
}: {
  /** Days ("2026-11-12") or hours (ISO) in order. */
  columns: readonly string[];
  streams: readonly { account: string; region: string }[];
  cells: readonly CoverageCell[];
  step: "day" | "hour";
}) {
  const byKey = new Map(cells.map((c) => [`${c.account}/${c.region}/${c.at}`, c]));
  return (
    <div className="overflow-x-auto">
      <table className="border-separate border-spacing-0.5 text-xs" data-testid={`heatmap-${step}`}>
        <thead>
          <tr>
            <th className="sticky left-0 bg-white pr-2 text-left font-medium text-slate-500">Account / region</th>
            {columns.map((c, i) => (
              <th key={c} scope="col" className="w-4 font-normal text-slate-400">
                {step === "day" ? (i === 0 || c.endsWith("-01") ? c.slice(5) : c.slice(8)) : c.slice(11, 13)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {streams.map(({ account, region }) => (
            <tr key={`${account}/${region}`}>
              <th scope="row" className="sticky left-0 whitespace-nowrap bg-white pr-2 text-left font-mono font-normal">
                {account} <span className="text-slate-500">{region}</span>
              </th>
              {columns.map((at) => {
                const cell = byKey.get(`${account}/${region}/${at}`);
                const status: CellStatus = cell?.status ?? "empty";
                const label = cell ? describe(cell) : `${account} ${region} ${at}: not in range`;
                const box = <span className={`block h-4 w-4 rounded-sm ${STATUS_CLASSES[status]}`} />;
                return (
                  <td key={at} data-status={status} data-at={at} title={label}>
                    {step === "day" && cell ? (
                      <Link href={completenessUrl({ from: at, to: at, account, region })} aria-label={label}>
                        {box}
                      </Link>
                    ) : (
                      <span role="img" aria-label={label}>
                        {box}
                      </span>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
