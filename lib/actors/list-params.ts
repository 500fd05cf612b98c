// The actors list's URL: one zod schema parses it strictly for GET /api/actors and leniently for
// /actors, and the same module builds every link to a filtered, sorted page of it, so a filter
// survives a reload and a shared link. Pure: zod only.
import { z } from "zod";
import { pageNumber, queryText, single, sortDirectionField } from "@/lib/search-params/fields";
import { parseLeniently, type IgnoredParameter } from "@/lib/search-params/lenient";
import { actorListApiUrl, actorListUrl } from "@/lib/urls";

export const ACTOR_SORTS = ["events", "writes", "failures", "lastSeen", "firstSeen", "name"] as const;
export type ActorSort = (typeof ACTOR_SORTS)[number];
export const ACTOR_PAGE_SIZE = 50;
/** "yes": actors with at least one failed call; "no": actors without any. */
export const FAILURE_FILTERS = ["yes", "no"] as const;

const shape = {
  /** CloudTrail's userIdentity.type; an open list (CloudTrail adds types), so any word. */
  type: single(
    z
      .string()
      .regex(/^[A-Za-z]{1,64}$/, "an identity type is a word, like AssumedRole")
      .optional(),
  ),
  /** The actor's own account (userIdentity.accountId). */
  account: single(
    z
      .string()
      .regex(/^\d{12}$/, "expected a 12-digit account id")
      .optional(),
  ),
  failures: single(z.enum(FAILURE_FILTERS).optional()),
  /** The session issuer: the role (or user) whose sessions these actors are. */
  issuer: single(queryText(2048).optional()),
  /** Part of a name, ARN, principal id or account, case-insensitive. */
  q: single(queryText(200).optional()),
  sort: single(z.enum(ACTOR_SORTS).default("events")),
  dir: sortDirectionField,
  page: pageNumber,
};

/** GET /api/actors: an unknown parameter or a bad value is a 400 naming it. */
export const actorListQuerySchema = z.strictObject(shape);
/** /actors: unknown parameters are ignored and bad values dropped (parseActorListParams). */
const actorListParamsSchema = z.object(shape);

export type ActorListParams = z.infer<typeof actorListQuerySchema>;
export const DEFAULT_ACTOR_LIST_PARAMS: ActorListParams = actorListQuerySchema.parse({});

/** Names read A→Z; counts and times biggest first. */
export function actorSortDirection(params: Pick<ActorListParams, "sort" | "dir">): "asc" | "desc" {
  return params.dir ?? (params.sort === "name" ? "asc" : "desc");
}

export function parseActorListParams(raw: Record<string, string | string[] | undefined>): ActorListParams {
  return parseLeniently(actorListParamsSchema, raw).value;
}

/** The parameters parseActorListParams drops, with the API's message for each: the page's notice. */
export function ignoredActorListParams(raw: Record<string, string | string[] | undefined>): IgnoredParameter[] {
  return parseLeniently(actorListParamsSchema, raw).ignored;
}

/** True when any parameter narrows the rows (sort and page do not). */
export function hasActorFilters(p: Partial<ActorListParams>): boolean {
  return Boolean(p.type || p.account || p.failures || p.issuer || p.q);
}

/** Canonical query: fixed order, defaults left out, so equal views have equal URLs. */
export function actorListSearchParams(params: Partial<ActorListParams>): URLSearchParams {
  const full = { ...DEFAULT_ACTOR_LIST_PARAMS, ...params };
  const out = new URLSearchParams();
  if (full.type) out.set("type", full.type);
  if (full.account) out.set("account", full.account);
  if (full.failures) out.set("failures", full.failures);
  if (full.issuer) out.set("issuer", full.issuer);
  if (full.q) out.set("q", full.q);
  if (full.sort !== DEFAULT_ACTOR_LIST_PARAMS.sort) out.set("sort", full.sort);
  if (full.dir && full.dir !== actorSortDirection({ sort: full.sort })) out.set("dir", full.dir);
  if (full.page > 1) out.set("page", String(full.page));
  return out;
}

/** /actors?… showing exactly this view. */
export function actorListHref(params: Partial<ActorListParams>): string {
  return actorListUrl(actorListSearchParams(params));
}

export function actorListApiHref(params: Partial<ActorListParams>): string {
  return actorListApiUrl(actorListSearchParams(params));
}
