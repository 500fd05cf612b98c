"use client";

import { FilterSelect, UrlFilterForm, useUrlFilters } from "@/components/ui/url-filters";
import { ENGINES, RESOURCE_STATUSES, resourceListHref, type ResourceListParams } from "@/lib/resources/list-params";

/** Search, account, region, engine and status: each change rewrites the URL (page 1), which the server renders. */
export function ResourceFilters({
  params,
  accounts,
  regions,
}: {
  params: ResourceListParams;
  accounts: string[];
  regions: string[];
}) {
  const filters = useUrlFilters(params, resourceListHref);
  const { go } = filters;
  const filtered = params.q || params.account || params.region || params.engine || params.status;
  return (
    <UrlFilterForm
      filters={filters}
      action="/clusters"
      hidden={{
        kind: params.kind,
        account: params.account,
        region: params.region,
        engine: params.engine,
        status: params.status,
        sort: params.sort !== "lastSeen" ? params.sort : undefined,
        dir: params.dir,
      }}
      search={{ label: "Search by id", placeholder: "Search by id…", className: "w-64" }}
      cleared={filtered ? { account: undefined, region: undefined, engine: undefined, status: undefined } : null}
    >
      <FilterSelect
        label="Account"
        all="All accounts"
        value={params.account}
        options={accounts}
        onChange={(account) => go({ account })}
      />
      <FilterSelect
        label="Region"
        all="All regions"
        value={params.region}
        options={[["global", "global (datastores)"], ...regions]}
        onChange={(region) => go({ region })}
      />
      <FilterSelect
        label="Engine"
        all="All engines"
        value={params.engine}
        options={ENGINES}
        onChange={(engine) => go({ engine: engine as ResourceListParams["engine"] })}
      />
      <FilterSelect
        label="Status"
        all="Any status"
        value={params.status}
        options={RESOURCE_STATUSES}
        onChange={(status) => go({ status: status as ResourceListParams["status"] })}
      />
    </UrlFilterForm>
  );
}
