"use client";

import { FilterSelect, UrlFilterForm, useUrlFilters } from "@/components/ui/url-filters";
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
  const filters = useUrlFilters(params, actorListHref);
  const { go } = filters;
  const filtered = params.q || params.type || params.account || params.failures || params.issuer;
  return (
    <UrlFilterForm
      filters={filters}
      action="/actors"
      hidden={{
        type: params.type,
        account: params.account,
        failures: params.failures,
        issuer: params.issuer,
        sort: params.sort !== "events" ? params.sort : undefined,
        dir: params.dir,
      }}
      search={{
        label: "Search actors",
        placeholder: "Name, ARN, principal or account…",
        className: "w-full sm:w-72",
      }}
      cleared={filtered ? { type: undefined, account: undefined, failures: undefined, issuer: undefined } : null}
    >
      <FilterSelect
        label="Identity type"
        all="All identity types"
        value={params.type}
        options={types.map((t) => [t, identityTypeLabel(t)] as const)}
        onChange={(type) => go({ type })}
      />
      <FilterSelect
        label="Account"
        all="All accounts"
        value={params.account}
        options={accounts}
        onChange={(account) => go({ account })}
      />
      <FilterSelect
        label="Failures"
        all="With or without failures"
        value={params.failures}
        options={[
          ["yes", "Has failed calls"],
          ["no", "No failed calls"],
        ]}
        onChange={(failures) => go({ failures: failures as ActorListParams["failures"] })}
      />
    </UrlFilterForm>
  );
}
