"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState, useTransition } from "react";
import { cx } from "@/components/ui/class-names";
import { fieldClasses } from "@/components/ui/field";
import { textLinkClasses } from "@/components/ui/text-link";
import { actorListHref, type ActorListParams } from "@/lib/actors/list-params";
import { identityTypeLabel } from "@/lib/actors/labels";

/** Search, type, account and failures: each change rewrites the URL (page 1), which the server renders. */
export function ActorFilters({
  params,
  types,
  accounts,
}: {
  params: ActorListParams;
  types: string[];
  accounts: string[];
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [q, setQ] = useState(params.q ?? "");
  const go = (next: Partial<ActorListParams>) =>
    startTransition(() => router.replace(actorListHref({ ...params, ...next, page: 1 }), { scroll: false }));

  // Search as you type, once typing pauses.
  useEffect(() => {
    if ((params.q ?? "") === q.trim()) return;
    const timer = setTimeout(() => go({ q: q.trim() || undefined }), 300);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only the typed text should schedule a search
  }, [q]);

  const filtered = params.q || params.type || params.account || params.failures || params.issuer;
  return (
    // A plain GET form underneath, so Enter searches even before (or without) JavaScript.
    <form
      role="search"
      method="get"
      action="/actors"
      className="mb-4 flex flex-wrap items-center gap-2"
      onSubmit={(e) => (e.preventDefault(), go({ q: q.trim() || undefined }))}
    >
      {params.type && <input type="hidden" name="type" value={params.type} />}
      {params.account && <input type="hidden" name="account" value={params.account} />}
      {params.failures && <input type="hidden" name="failures" value={params.failures} />}
      {params.issuer && <input type="hidden" name="issuer" value={params.issuer} />}
      {params.sort !== "events" && <input type="hidden" name="sort" value={params.sort} />}
      {params.dir && <input type="hidden" name="dir" value={params.dir} />}
      <input
        type="search"
        name="q"
        value={q}
        onChange={(e) => setQ(e.target.value)}
        placeholder="Name, ARN, principal or account…"
        aria-label="Search actors"
        className={fieldClasses("wide", "w-full text-sm sm:w-72")}
      />
      <select
        aria-label="Identity type"
        className={fieldClasses("md", "text-sm")}
        value={params.type ?? ""}
        onChange={(e) => go({ type: e.target.value || undefined })}
      >
        <option value="">All identity types</option>
        {types.map((t) => (
          <option key={t} value={t}>
            {identityTypeLabel(t)}
          </option>
        ))}
      </select>
      <select
        aria-label="Account"
        className={fieldClasses("md", "text-sm")}
        value={params.account ?? ""}
        onChange={(e) => go({ account: e.target.value || undefined })}
      >
        <option value="">All accounts</option>
        {accounts.map((a) => (
          <option key={a} value={a}>
            {a}
          </option>
        ))}
      </select>
      <select
        aria-label="Failures"
        className={fieldClasses("md", "text-sm")}
        value={params.failures ?? ""}
        onChange={(e) => go({ failures: (e.target.value || undefined) as ActorListParams["failures"] })}
      >
        <option value="">With or without failures</option>
        <option value="yes">Has failed calls</option>
        <option value="no">No failed calls</option>
      </select>
      {filtered && (
        <button
          type="button"
          className={cx(textLinkClasses, "text-sm")}
          onClick={() => (
            setQ(""),
            go({ q: undefined, type: undefined, account: undefined, failures: undefined, issuer: undefined })
          )}
        >
          Clear filters
        </button>
      )}
      {pending && <span className="text-xs text-slate-500">Loading…</span>}
    </form>
  );
}
