import { formatValue } from "@/lib/history";
import type { RequestedChange } from "@/lib/events/requested-changes";

// What the call asked for next to what the response reports, so "asked for 3 nodes" is
// never mistaken for "has 3 nodes" while AWS is still applying it.

const STATUS_STYLE: Record<RequestedChange["status"], string> = {
  applied: "bg-emerald-100 text-emerald-800",
  pending: "bg-amber-100 text-amber-900",
  requested: "bg-slate-100 text-slate-700",
};

const shown = (v: unknown) => (v === undefined ? <span className="text-slate-400">not reported</span> : formatValue(v));

export function RequestedChanges({ changes }: { changes: RequestedChange[] }) {
  return (
    <section aria-labelledby="requested-heading" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <h2 id="requested-heading" className="text-sm font-semibold uppercase tracking-wide text-slate-500">
        Requested vs. reported
      </h2>
      <p className="mb-2 mt-1 text-xs text-slate-500">
        The values this call asked for, and what its response says is in effect or pending.
      </p>
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm">
          <thead className="text-xs text-slate-500">
            <tr>
              <th className="py-1 pr-3 font-medium">Field</th>
              <th className="py-1 pr-3 font-medium">Requested</th>
              {/* Narrow screens: the result says both ("2 → 3 pending"), so these two columns go. */}
              <th className="hidden py-1 pr-3 font-medium sm:table-cell">Response reports</th>
              <th className="hidden py-1 pr-3 font-medium sm:table-cell">Pending</th>
              <th className="py-1 font-medium">Result</th>
            </tr>
          </thead>
          <tbody>
            {changes.map((c) => (
              <tr key={`${c.field}|${c.status}`} className="border-t border-slate-100 align-top" data-field={c.field}>
                <td className="py-1.5 pr-3 font-mono text-xs [overflow-wrap:anywhere]">{c.field}</td>
                <td className="py-1.5 pr-3 font-mono text-xs">{shown(c.requested)}</td>
                <td className="hidden py-1.5 pr-3 font-mono text-xs sm:table-cell">{shown(c.reported)}</td>
                <td className="hidden py-1.5 pr-3 font-mono text-xs sm:table-cell">
                  {c.pending === undefined ? "—" : formatValue(c.pending)}
                </td>
                <td className="py-1.5">
                  <span
                    className={`rounded px-1.5 py-0.5 text-xs font-medium ${STATUS_STYLE[c.status]}`}
                    data-testid="change-summary"
                  >
                    {c.summary}
                  </span>
                  {c.note && <span className="ml-2 text-xs text-slate-500">{c.note}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
