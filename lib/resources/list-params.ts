// The resources list's URL: one zod schema parses it on the server (strictly for the API,
// leniently for the page) and the same module builds it on the client, so every filter link
// round-trips exactly.
import { z } from "zod";
import { pageNumber, queryText, single, sortDirectionField } from "@/lib/search-params/fields";
import { parseLeniently, type IgnoredParameter } from "@/lib/search-params/lenient";
import { resourceListUrl } from "@/lib/urls";
import { RESOURCE_KINDS } from "./kinds";

export const LIST_SORTS = ["lastSeen", "firstSeen", "lastChange", "changes", "events", "id"] as const;
export type ListSort = (typeof LIST_SORTS)[number];
export const PAGE_SIZE = 50;
export const RESOURCE_STATUSES = ["live", "deleted", "unknown"] as const;
/** A parameter group matches by its family ("redis7"). */
export const ENGINES = ["redis", "valkey", "memcached"] as const;

const text = (max: number) => single(queryText(max).optional());

const shape = {
  kind: single(z.enum(RESOURCE_KINDS).optional()),
  /** Part of a resource id, case-insensitive. */
  q: text(200),
  account: text(256),
  /** "global" selects global datastores (stored with region ""). */
  region: text(256),
  status: single(z.enum(RESOURCE_STATUSES).optional()),
  engine: single(z.enum(ENGINES).optional()),
  sort: single(z.enum(LIST_SORTS).default("lastSeen")),
  dir: sortDirectionField,
  page: pageNumber,
};

/** The API: a bad value or an unknown parameter is a 400 naming it. */
export const resourceListQuerySchema = z.strictObject(shape);
/** The page: unknown parameters are ignored (parseResourceListParams drops bad values). */
const resourceListParamsSchema = z.object(shape);

export type ResourceListParams = z.infer<typeof resourceListQuerySchema>;

export const DEFAULT_LIST_PARAMS: ResourceListParams = resourceListQuerySchema.parse({});

/** Ids read naturally A→Z; times and counts biggest first. */
export function sortDirection(params: Pick<ResourceListParams, "sort" | "dir">): "asc" | "desc" {
  return params.dir ?? (params.sort === "id" ? "asc" : "desc");
}

/** For the page: invalid values fall back to their defaults, so a mangled link still lists something. */
export function parseResourceListParams(raw: Record<string, string | string[] | undefined>): ResourceListParams {
  return parseLeniently(resourceListParamsSchema, raw).value;
}

/** The parameters parseResourceListParams drops, with the API's message for each: the page's notice. */
export function ignoredResourceListParams(raw: Record<string, string | string[] | undefined>): IgnoredParameter[] {
  return parseLeniently(resourceListParamsSchema, raw).ignored;
}

/** Defaults are left out so links stay short and canonical. */
function listSearchParams(params: Partial<ResourceListParams>): URLSearchParams {
  const full = { ...DEFAULT_LIST_PARAMS, ...params };
  const out = new URLSearchParams();
  if (full.kind) out.set("kind", full.kind);
  if (full.q) out.set("q", full.q);
  if (full.account) out.set("account", full.account);
  if (full.region) out.set("region", full.region);
  if (full.status) out.set("status", full.status);
  if (full.engine) out.set("engine", full.engine);
  if (full.sort !== DEFAULT_LIST_PARAMS.sort) out.set("sort", full.sort);
  if (full.dir && full.dir !== sortDirection({ sort: full.sort })) out.set("dir", full.dir);
  if (full.page > 1) out.set("page", String(full.page));
  return out;
}

/** `?kind=cache-cluster&q=prod` */
export function resourceListSearch(params: Partial<ResourceListParams>): string {
  const s = listSearchParams(params).toString();
  return s ? `?${s}` : "";
}

export function resourceListHref(params: Partial<ResourceListParams>): string {
  return resourceListUrl(listSearchParams(params));
}
