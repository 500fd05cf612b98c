// The resources list's URL: one zod schema parses it on the server (page and API) and the
// same module builds it on the client, so every filter link round-trips exactly.
import { z } from "zod";
import { RESOURCE_KINDS } from "./kinds";

export const LIST_SORTS = ["lastSeen", "firstSeen", "lastChange", "changes", "events", "id"] as const;
export type ListSort = (typeof LIST_SORTS)[number];
export const PAGE_SIZE = 50;
export const RESOURCE_STATUSES = ["live", "deleted", "unknown"] as const;
/** A parameter group matches by its family ("redis7"). */
export const ENGINES = ["redis", "valkey", "memcached"] as const;

/** Repeated keys arrive as arrays; the list uses the first. Bad values fall back to defaults. */
const one = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (Array.isArray(v) ? v[0] : v), schema);
const text = (max: number) =>
  one(
    z
      .string()
      .trim()
      .max(max)
      .transform((s) => (s === "" ? undefined : s))
      .optional(),
  ).catch(undefined);

export const resourceListParamsSchema = z.object({
  kind: one(z.enum(RESOURCE_KINDS).optional()).catch(undefined),
  /** Part of a resource id, case-insensitive. */
  q: text(200),
  account: text(64),
  /** "global" selects global datastores (stored with region ""). */
  region: text(64),
  status: one(z.enum(RESOURCE_STATUSES).optional()).catch(undefined),
  engine: one(z.enum(ENGINES).optional()).catch(undefined),
  sort: one(z.enum(LIST_SORTS).default("lastSeen")).catch("lastSeen"),
  dir: one(z.enum(["asc", "desc"]).optional()).catch(undefined),
  page: one(z.coerce.number().int().min(1).max(100_000).default(1)).catch(1),
});

export type ResourceListParams = z.infer<typeof resourceListParamsSchema>;

export const DEFAULT_LIST_PARAMS: ResourceListParams = resourceListParamsSchema.parse({});

/** Ids read naturally A→Z; times and counts biggest first. */
export function sortDirection(params: Pick<ResourceListParams, "sort" | "dir">): "asc" | "desc" {
  return params.dir ?? (params.sort === "id" ? "asc" : "desc");
}

export function parseResourceListParams(raw: Record<string, string | string[] | undefined>): ResourceListParams {
  return resourceListParamsSchema.parse(raw);
}

/** `?kind=cache-cluster&q=prod`: defaults are left out so links stay short and canonical. */
export function resourceListSearch(params: Partial<ResourceListParams>): string {
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
  const s = out.toString();
  return s ? `?${s}` : "";
}

export function resourceListHref(params: Partial<ResourceListParams>): string {
  return `/clusters${resourceListSearch(params)}`;
}
