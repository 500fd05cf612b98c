"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { ActorLink, EventLink, ResourceLink } from "@/components/links";
import { Timestamp } from "@/components/time/timestamp";
import { cardClasses } from "@/components/ui/card";
import { cx } from "@/components/ui/class-names";
import type { EventRow } from "@/lib/events/types";
import { eventUrl } from "@/lib/urls";
import { AccessBadge, OutcomeBadge } from "./badges";

// The events of one page. j/k or ↓/↑ move the selection, Enter opens the selected event.
// The header stays visible while the rows scroll inside the box.

const SHOWN_RESOURCES = 2;

function Resources({ row }: { row: EventRow }) {
  if (row.resources.length === 0) return <span className="text-slate-400">—</span>;
  const rest = row.resources.slice(SHOWN_RESOURCES);
  return (
    <div className="flex max-w-56 flex-col gap-0.5">
      {row.resources.slice(0, SHOWN_RESOURCES).map((r) => (
        <span key={`${r.kind}|${r.accountId}|${r.region}|${r.resourceId}|${r.role}`} className="truncate">
          <ResourceLink resource={r} showKind />
        </span>
      ))}
      {rest.length > 0 && (
        <span className="text-xs text-slate-500" title={rest.map((r) => `${r.kind} ${r.resourceId}`).join("\n")}>
          +{rest.length} more
        </span>
      )}
    </div>
  );
}

function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && Boolean(target.closest("input, textarea, select, [contenteditable='true']"));
}

export function EventTable({ events, busy }: { events: EventRow[]; busy: boolean }) {
  const router = useRouter();
  const [selected, setSelected] = useState(-1);
  const rows = useRef<(HTMLTableRowElement | null)[]>([]);
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || isTyping(event.target)) return;
      const down = event.key === "j" || event.key === "ArrowDown";
      const up = event.key === "k" || event.key === "ArrowUp";
      if (down || up) {
        event.preventDefault();
        const next = Math.min(events.length - 1, Math.max(0, selected + (down ? 1 : -1)));
        setSelected(next);
        rows.current[next]?.focus();
      } else if (event.key === "Enter" && selected >= 0) {
        // A focused link or button already acts on Enter itself.
        if (event.target instanceof HTMLElement && event.target.closest("a, button")) return;
        const row = events[selected];
        if (row) router.push(eventUrl(row.eventId));
      }
    };
    document.addEventListener("keydown", onKey);
    // Says the keys work (set once the listener is attached after hydration): journeys wait for it.
    box.current?.setAttribute("data-keyboard", "ready");
    return () => document.removeEventListener("keydown", onKey);
  }, [events, selected, router]);

  return (
    <div
      ref={box}
      className={cx("relative max-h-[calc(100vh-14rem)] min-h-72 overflow-auto", cardClasses({ padding: "none" }))}
      aria-busy={busy}
    >
      <table className={cx("w-full border-collapse text-left text-sm transition-opacity", busy && "opacity-60")}>
        {/* A shadow rather than a border: a sticky header's border scrolls away with the rows. */}
        <thead
          className={cx(
            "sticky top-0 z-10 bg-slate-100 text-xs uppercase tracking-wide text-slate-600",
            "shadow-[0_1px_0_var(--color-slate-200)]",
          )}
        >
          <tr>
            <th scope="col" className="hidden px-3 py-2 font-semibold sm:table-cell">
              Time
            </th>
            <th scope="col" className="px-3 py-2 font-semibold">
              Event
            </th>
            <th scope="col" className="hidden px-3 py-2 font-semibold sm:table-cell">
              Resources
            </th>
            <th scope="col" className="hidden px-3 py-2 font-semibold sm:table-cell">
              Actor
            </th>
            <th scope="col" className="hidden px-3 py-2 font-semibold md:table-cell">
              Source IP · region · account
            </th>
            <th scope="col" className="hidden px-3 py-2 font-semibold sm:table-cell">
              Outcome
            </th>
          </tr>
        </thead>
        <tbody>
          {events.map((row, i) => (
            <tr
              key={row.eventId}
              ref={(el) => {
                rows.current[i] = el;
              }}
              tabIndex={i === selected ? 0 : -1}
              aria-selected={i === selected}
              data-event-id={row.eventId}
              onClick={() => setSelected(i)}
              className={cx(
                "border-t border-slate-100 align-top outline-none",
                i === selected
                  ? "bg-indigo-50 ring-2 ring-inset ring-indigo-400"
                  : row.errorCode
                    ? "bg-red-50/40 hover:bg-slate-50"
                    : "hover:bg-slate-50",
              )}
            >
              <td className="hidden px-3 py-2 text-xs text-slate-700 sm:table-cell">
                <Timestamp iso={row.eventTime} />
              </td>
              <td className="px-3 py-2">
                <div className="font-medium [overflow-wrap:anywhere]">
                  <EventLink eventId={row.eventId}>{row.eventName}</EventLink>
                </div>
                <div className="mt-0.5 flex flex-wrap items-center gap-1">
                  <AccessBadge readOnly={row.readOnly} />
                  {/* Narrow screens: the outcome column is hidden, so the outcome shows here. */}
                  <span className="sm:hidden">
                    <OutcomeBadge errorCode={row.errorCode} errorMessage={row.errorMessage} />
                  </span>
                </div>
                {/* Narrower screens: the hidden columns fold into this cell instead of scrolling sideways. */}
                <div className="mt-1 space-y-0.5 text-xs md:hidden" data-testid="narrow-details">
                  <div className="space-y-0.5 sm:hidden">
                    <div className="text-slate-700">
                      <Timestamp iso={row.eventTime} />
                    </div>
                    {row.resources.length > 0 && <Resources row={row} />}
                    <div className="max-w-56 truncate">
                      by <ActorLink actorKey={row.actor.key} name={row.actor.name} type={row.actor.type} />
                    </div>
                  </div>
                  <div className="max-w-56 truncate text-slate-500">
                    <span className="font-mono">{row.sourceIp ?? "no source IP"}</span> · {row.awsRegion || "global"} ·{" "}
                    <span className="font-mono">{row.accountId || "—"}</span>
                  </div>
                </div>
              </td>
              <td className="hidden px-3 py-2 text-xs sm:table-cell">
                <Resources row={row} />
              </td>
              <td className="hidden px-3 py-2 text-xs sm:table-cell">
                <div className="max-w-44 truncate">
                  <ActorLink actorKey={row.actor.key} name={row.actor.name} type={row.actor.type} />
                </div>
              </td>
              <td className="hidden px-3 py-2 text-xs text-slate-700 md:table-cell">
                <div className="max-w-40 truncate font-mono" title={row.sourceIp ?? undefined}>
                  {row.sourceIp ?? "—"}
                </div>
                <div className="max-w-40 truncate text-slate-500">
                  {row.awsRegion || "global"} · <span className="font-mono">{row.accountId || "—"}</span>
                </div>
              </td>
              <td className="hidden px-3 py-2 sm:table-cell">
                <OutcomeBadge errorCode={row.errorCode} errorMessage={row.errorMessage} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
