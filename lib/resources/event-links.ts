import "server-only";
import { extractResources } from "@/lib/cloudtrail/resources";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { INFERRED_EFFECTS, type InferredEffect } from "@/lib/history/effects";
import { DERIVED_ROLE, INFERRED_ROLE } from "./roles";
import { resourceState } from "./resource-state";
import type { ResourceRow } from "./timeline-queries";
import { recordColumns, recordOf, type StoredRecordColumns } from "@/lib/events/record-codec-sql";
import { eventIdColumn } from "@/lib/events/event-id";

// Brings event_resource (which resources each stored event touches, and how) in line with the current
// rules, in the background (the sweeper), a page of stored events at a time:
// - links that older linking rules missed: events stored before DeleteUserGroup linked the users its
//   response lists, or DeleteReplicationGroup its user groups, are read again (their stored record) and
//   get the links today's rules give (lib/cloudtrail/resource-rules.ts) — without re-ingesting files;
// - links derived from a group call's request (DERIVED_OPERATIONS): a CreateReplicationGroup,
//   IncreaseReplicaCount or resharding whose response names no member reaches the members whose ids the
//   group's history derives from the request and the members it held (effects.ts, `unnamed`), role
//   `derived`: those members get their lifecycle start (or end) on their own page;
// - links inferred from stored state (INFERRED_EFFECTS in lib/history/effects.ts): a group call whose
//   record names no member reaches the clusters named with the group by its earlier writes, role
//   `inferred`; the history of each then decides whether the call changed it.
// Every link added raises its resource's counters (event_count, first and last seen, actor_resource)
// exactly as the ingest's move does, so counters still equal linked rows, and a resource whose
// event_count moved gets its stored history extended or rebuilt like after any late event.
// Idempotent: a link is only added where the event has none to that resource; progress is one row per
// rules version (event_link_pass), so a new version reads every event again, and a crash only repeats a page.

/**
 * Bump when the links the rules give for stored events change (new params or response readers in
 * resource-rules.ts, new INFERRED_EFFECTS rows): the pass then reads every stored event again.
 * 1: DeleteUserGroup's users and DeleteReplicationGroup's user groups (response readers); inferred links.
 * 2: members derived from the request of a group call with a null response (role `derived`).
 */
export const LINK_RULES_VERSION = 2;

/** Operations whose links today's rules give differently from the first rules: their records are read again. */
export const RELINKED_OPERATIONS = ["DeleteUserGroup", "DeleteReplicationGroup"];

export { DERIVED_ROLE, INFERRED_ROLE };

/** Event row ids read per page: a primary-key range, so a page costs the same wherever it is. */
export const LINK_PAGE_EVENTS = 20_000;

interface LinkRow {
  eventRowId: bigint;
  accountId: string;
  region: string;
  kind: string;
  resourceId: string;
  role: string;
}

/**
 * Adds links where the event has none to that resource, creating resources first seen here, and raises
 * the counters of what it added (the same columns the ingest's move keeps). Returns how many it added.
 */
async function addLinks(prisma: PrismaClient, rows: LinkRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const col = <K extends keyof LinkRow>(k: K) => rows.map((r) => (k === "eventRowId" ? String(r[k]) : r[k]));
  const wanted = Prisma.sql`
    SELECT w.event_id::bigint AS event_id, w.account_id, w.region, w.kind, w.resource_id, w.role, e.event_time
    FROM unnest(${col("eventRowId")}::text[], ${col("accountId")}::text[], ${col("region")}::text[],
      ${col("kind")}::text[], ${col("resourceId")}::text[], ${col("role")}::text[])
      AS w(event_id, account_id, region, kind, resource_id, role)
    JOIN event e ON e.id = w.event_id::bigint`;
  // Resources first seen here, in a statement of their own: the counters' UPDATE below must see them (the
  // sub-statements of one statement share its snapshot, so an UPDATE never sees a row its sibling inserted).
  await prisma.$executeRaw`
    WITH wanted AS (${wanted})
    INSERT INTO resource (account_id, region, kind, resource_id, first_seen, last_seen, last_seen_day, event_count,
      change_count)
    SELECT DISTINCT ON (account_id, region, kind, resource_id) account_id, region, kind, resource_id, event_time,
      event_time, (event_time AT TIME ZONE 'UTC')::date, 0, 0
    FROM wanted ORDER BY account_id, region, kind, resource_id
    ON CONFLICT (account_id, region, kind, resource_id) DO NOTHING`;
  // event_resource has no unique key (issue 19): "none to that resource" holds because one link statement
  // runs at a time, each reading the links the one before it committed.
  const [result] = await prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(8154019)`; // lib/auth/users.ts takes 8154013
    return tx.$queryRaw<Array<{ linked: number }>>`
    WITH wanted AS (${wanted}),
    resolved AS (
      SELECT DISTINCT ON (w.event_id, r.id) w.event_id, r.id AS resource_id, w.role, w.event_time
      FROM wanted w
      JOIN resource r ON r.account_id = w.account_id AND r.region = w.region AND r.kind = w.kind
        AND r.resource_id = w.resource_id
      WHERE NOT EXISTS (SELECT 1 FROM event_resource l WHERE l.resource_id = r.id AND l.event_id = w.event_id)
      ORDER BY w.event_id, r.id, w.role
    ),
    inserted AS (
      INSERT INTO event_resource (resource_id, event_id, role, event_time)
      SELECT resource_id, event_id, role, event_time FROM resolved ORDER BY resource_id, event_id
      RETURNING resource_id, event_id, event_time
    ),
    counted AS (
      UPDATE resource SET event_count = resource.event_count + n.count,
        first_seen = CASE WHEN resource.event_count = 0 THEN n.first ELSE LEAST(resource.first_seen, n.first) END,
        last_seen = CASE WHEN resource.event_count = 0 THEN n.last ELSE GREATEST(resource.last_seen, n.last) END,
        last_seen_day = (CASE WHEN resource.event_count = 0 THEN n.last ELSE GREATEST(resource.last_seen, n.last) END
          AT TIME ZONE 'UTC')::date
      FROM (SELECT resource_id, count(*)::int AS count, min(event_time) AS first, max(event_time) AS last
            FROM inserted GROUP BY resource_id) n
      WHERE resource.id = n.resource_id
      RETURNING 1
    ),
    actors AS (
      INSERT INTO actor_resource (actor_id, resource_id, event_count, write_count, first_seen, last_seen)
      SELECT e.actor_id, i.resource_id, count(*), count(*) FILTER (WHERE NOT e.read_only), min(i.event_time),
        max(i.event_time)
      FROM inserted i JOIN event e ON e.id = i.event_id
      GROUP BY 1, 2 ORDER BY 1, 2
      ON CONFLICT (actor_id, resource_id) DO UPDATE SET
        event_count = actor_resource.event_count + EXCLUDED.event_count,
        write_count = actor_resource.write_count + EXCLUDED.write_count,
        first_seen = LEAST(actor_resource.first_seen, EXCLUDED.first_seen),
        last_seen = GREATEST(actor_resource.last_seen, EXCLUDED.last_seen)
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM inserted)::int AS linked, (SELECT count(*) FROM counted)::int AS resources,
      (SELECT count(*) FROM actors)::int AS actors`;
  });
  return result?.linked ?? 0;
}

/** Links today's rules give to the stored events of RELINKED_OPERATIONS in (from, to]: the ones they lack are added. */
async function relinkRange(prisma: PrismaClient, from: bigint, to: bigint): Promise<number> {
  const events = await prisma.$queryRaw<
    Array<
      {
        id: bigint;
        event_name: string;
        account_id: string;
        aws_region: string;
      } & StoredRecordColumns
    >
  >`
    SELECT id, event_name, account_id, aws_region, ${recordColumns("event")}
    FROM event WHERE id > ${from} AND id <= ${to} AND event_name = ANY(${RELINKED_OPERATIONS}::text[])`;
  const rows: LinkRow[] = [];
  for (const e of events) {
    const record = recordOf(e);
    const [request, response] = [record.requestParameters ?? null, record.responseElements ?? null];
    for (const ref of extractResources(e.event_name, request, response, e.account_id, e.aws_region)) {
      // Targets were always linked; a changed rule only adds the others.
      if (ref.role === "target") continue;
      rows.push({ eventRowId: e.id, ...ref, resourceId: ref.id });
    }
  }
  return addLinks(prisma, rows);
}

/** The value at `path` (keys, or array indexes as jsonb's #> reads them), or undefined. */
function valueAt(value: unknown, path: readonly string[]): unknown {
  let at = value;
  for (const key of path) {
    if (Array.isArray(at)) {
      if (!/^-?\d+$/.test(key)) return undefined;
      const i = Number(key);
      at = at[i < 0 ? at.length + i : i];
    } else if (at !== null && typeof at === "object" && Object.hasOwn(at, key)) {
      at = (at as Record<string, unknown>)[key];
    } else return undefined;
  }
  return at;
}

/** No path of `rule.namedBy` is present in the response (an object, array or string): the affected resources are not named. */
export function namesNothing(rule: Pick<InferredEffect, "namedBy">, response: unknown): boolean {
  return !rule.namedBy.some((path) => {
    const v = valueAt(response, path);
    return typeof v === "string" || (v !== null && typeof v === "object");
  });
}

/** Records read at once to check their responses (each decoded in Node, then dropped). */
const RESPONSE_CHUNK = 200;

/** The calls of `rule` aimed at `targets` whose response names nothing `rule.namedBy` looks for. */
async function unnamedCalls(
  prisma: PrismaClient,
  rule: InferredEffect,
  targets: bigint[],
): Promise<Array<{ target_id: bigint; id: bigint; event_time: Date; event_key: string }>> {
  const calls = await prisma.$queryRaw<Array<{ target_id: bigint; id: bigint; event_time: Date; event_key: string }>>`
    SELECT t.resource_id AS target_id, e.id, e.event_time, ${eventIdColumn("e")} AS event_key
    FROM event_resource t JOIN event e ON e.id = t.event_id
    WHERE t.resource_id = ANY(${targets}::bigint[]) AND t.role = 'target' AND e.event_name = ${rule.operation}
      AND e.error_code IS NULL`;
  if (rule.namedBy.length === 0 || calls.length === 0) return calls;
  const ids = [...new Set(calls.map((c) => c.id))];
  const unnamed = new Set<bigint>();
  for (let i = 0; i < ids.length; i += RESPONSE_CHUNK) {
    const rows = await prisma.$queryRaw<Array<StoredRecordColumns & { id: bigint }>>`
      SELECT e.id, ${recordColumns("e")} FROM event e WHERE e.id = ANY(${ids.slice(i, i + RESPONSE_CHUNK)}::bigint[])`;
    for (const r of rows) if (namesNothing(rule, recordOf(r).responseElements)) unnamed.add(r.id);
  }
  return calls.filter((c) => unnamed.has(c.id));
}

/**
 * Inferred links for the calls of `rule` aimed at `targets` (resource row ids) that do not name what
 * they affect: each reaches the resources of the affected kind named with its target by an earlier
 * (or same-second) write, unless already linked. Resources are found through links that are not inferred themselves.
 */
async function inferLinks(prisma: PrismaClient, rule: InferredEffect, targets: bigint[]): Promise<number> {
  const found = await unnamedCalls(prisma, rule, targets);
  if (found.length === 0) return 0;
  const rows = await prisma.$queryRaw<Array<Omit<LinkRow, "role"> & { targetId: bigint }>>`
    WITH calls AS (
      SELECT * FROM unnest(${found.map((c) => c.target_id)}::bigint[], ${found.map((c) => c.id)}::bigint[],
        ${found.map((c) => c.event_time)}::timestamptz[]) AS c(target_id, id, event_time)
    ),
    known AS (
      SELECT t.resource_id AS target_id, x.resource_id, min(x.event_time) AS since
      FROM event_resource t
      JOIN event w ON w.id = t.event_id AND NOT w.read_only
      JOIN event_resource x ON x.event_id = t.event_id AND x.resource_id <> t.resource_id AND x.role <> ${INFERRED_ROLE}
      JOIN resource xr ON xr.id = x.resource_id AND xr.kind = ${rule.affects}
      WHERE t.resource_id IN (SELECT target_id FROM calls) AND t.role <> ${INFERRED_ROLE}
      GROUP BY 1, 2
    )
    SELECT c.id AS "eventRowId", c.target_id AS "targetId", r.account_id AS "accountId", r.region, r.kind,
      r.resource_id AS "resourceId"
    FROM calls c
    JOIN known k ON k.target_id = c.target_id AND k.since <= c.event_time
    JOIN resource r ON r.id = k.resource_id
    WHERE NOT EXISTS (SELECT 1 FROM event_resource l WHERE l.resource_id = k.resource_id AND l.event_id = c.id)`;
  const linked = await addLinks(
    prisma,
    rows.map(({ targetId: _, ...r }) => ({ ...r, role: INFERRED_ROLE })),
  );
  // The calling side lists what its calls reached: its stored facts are rebuilt with the new links
  // (its own event count did not move, so nothing else would tell it).
  const callers = [...new Set(rows.map((r) => String(r.targetId)))].map((id) => BigInt(id));
  if (linked > 0) await prisma.$executeRaw`DELETE FROM resource_history WHERE resource_id = ANY(${callers}::bigint[])`;
  return linked;
}

/** Group calls that can add or remove members without naming them: their ids are derived from the request. */
export const DERIVED_OPERATIONS = [
  "CreateReplicationGroup",
  "IncreaseReplicaCount",
  "ModifyReplicationGroupShardConfiguration",
] as const;

const MEMBER_LISTS = [["memberClusters"], ["replicationGroup", "memberClusters"]] as const;

/**
 * Derived links for the DERIVED_OPERATIONS calls aimed at `targets` (replication group row ids) whose response
 * lists no member: the group's history (as its page builds it) derives the members those calls added or removed
 * from each request and the members the group held just before (effects.ts, `unnamed`); each gets a link with the
 * role `derived`, unless the event already has one to it. Out of order: a group write delivered later that changes
 * what the group held gives its calls the links they then derive (the group is touched again).
 */
async function deriveLinks(prisma: PrismaClient, targets: bigint[]): Promise<number> {
  const calls = [];
  for (const operation of DERIVED_OPERATIONS) {
    const rule: InferredEffect = {
      operation,
      target: "replication-group",
      affects: "cache-cluster",
      namedBy: MEMBER_LISTS,
    };
    calls.push(...(await unnamedCalls(prisma, rule, targets)));
  }
  if (calls.length === 0) return 0;
  const groups = await prisma.$queryRaw<ResourceRow[]>`
    SELECT r.id, r.kind, r.resource_id, r.account_id, r.region, r.first_seen, r.last_seen, r.event_count,
      r.change_count, r.last_change_at, NULL AS actor_key, NULL AS actor_name, NULL AS actor_type
    FROM resource r WHERE r.id = ANY(${[...new Set(calls.map((c) => c.target_id))]}::bigint[])`;
  const rows: LinkRow[] = [];
  const callers: bigint[] = [];
  for (const group of groups) {
    const mine = new Map(calls.filter((c) => c.target_id === group.id).map((c) => [c.event_key, c]));
    const { history } = (await resourceState(prisma, group)).facts;
    for (const step of history.steps) {
      const call = mine.get(step.eventId);
      if (!call) continue;
      for (const effect of step.effects ?? []) {
        if (effect.kind !== "cache-cluster" || !effect.derived) continue;
        callers.push(group.id);
        for (const resourceId of effect.resourceIds) {
          rows.push({
            eventRowId: call.id,
            accountId: group.account_id,
            region: group.region,
            kind: "cache-cluster",
            resourceId: resourceId.toLowerCase(),
            role: DERIVED_ROLE,
          });
        }
      }
    }
  }
  const linked = await addLinks(prisma, rows);
  // The group's related resources now include the members it derived.
  if (linked > 0) await prisma.$executeRaw`DELETE FROM resource_history WHERE resource_id = ANY(${callers}::bigint[])`;
  return linked;
}

/** Derived links for the replication groups events (from, to] touch. */
async function deriveRange(prisma: PrismaClient, from: bigint, to: bigint): Promise<number> {
  const touched = await prisma.$queryRaw<Array<{ id: bigint }>>`
    SELECT DISTINCT r.id FROM event_resource er JOIN resource r ON r.id = er.resource_id
    WHERE er.event_id > ${from} AND er.event_id <= ${to} AND r.kind = 'replication-group'`;
  let linked = 0;
  const ids = touched.map((t) => t.id);
  for (let i = 0; i < ids.length; i += 500) linked += await deriveLinks(prisma, ids.slice(i, i + 500));
  return linked;
}

/**
 * Inferred links for every target of an INFERRED_EFFECTS call among the resources events (from, to]
 * touch: a new call may lack its links, and a new write naming a member may give earlier calls one.
 */
async function inferRange(prisma: PrismaClient, from: bigint, to: bigint): Promise<number> {
  const kinds = [...new Set(INFERRED_EFFECTS.map((r) => r.target))];
  const touched = await prisma.$queryRaw<Array<{ id: bigint; kind: string }>>`
    SELECT DISTINCT r.id, r.kind FROM event_resource er JOIN resource r ON r.id = er.resource_id
    WHERE er.event_id > ${from} AND er.event_id <= ${to} AND r.kind = ANY(${kinds}::text[])`;
  let linked = 0;
  for (const rule of INFERRED_EFFECTS) {
    const targets = touched.filter((t) => t.kind === rule.target).map((t) => t.id);
    for (let i = 0; i < targets.length; i += 500) linked += await inferLinks(prisma, rule, targets.slice(i, i + 500));
  }
  return linked;
}

export interface LinkPassResult {
  /** Event row ids read (the page's range). */
  read: number;
  linked: number;
  /** Every stored event has been read under LINK_RULES_VERSION. */
  done: boolean;
}

/** One page of the pass: the next LINK_PAGE_EVENTS event row ids after where the pass stands. */
export async function runEventLinkPage(
  prisma: PrismaClient,
  { pageEvents = LINK_PAGE_EVENTS }: { pageEvents?: number } = {},
): Promise<LinkPassResult> {
  await prisma.$executeRaw`
    INSERT INTO event_link_pass (version) VALUES (${LINK_RULES_VERSION}) ON CONFLICT (version) DO NOTHING`;
  const [state] = await prisma.$queryRaw<Array<{ through: bigint; last: bigint | null }>>`
    SELECT p.through_event_id AS through, (SELECT max(id) FROM event) AS last
    FROM event_link_pass p WHERE p.version = ${LINK_RULES_VERSION}`;
  const through = state?.through ?? 0n;
  const last = state?.last ?? 0n;
  if (through >= last) return { read: 0, linked: 0, done: true };
  const to = through + BigInt(pageEvents) < last ? through + BigInt(pageEvents) : last;
  // Derived before inferred: a derived member is then known to the group, so later calls that name no member reach it.
  const linked =
    (await relinkRange(prisma, through, to)) +
    (await deriveRange(prisma, through, to)) +
    (await inferRange(prisma, through, to));
  // Only forward: two sweepers on the same page add nothing twice (links are checked) and never move it back.
  await prisma.$executeRaw`
    UPDATE event_link_pass SET through_event_id = GREATEST(through_event_id, ${to}), updated_at = now()
    WHERE version = ${LINK_RULES_VERSION}`;
  return { read: Number(to - through), linked, done: to >= last };
}

/** Pages of the pass until it has read every stored event or `budgetMs` has passed. */
export async function runEventLinkPass(
  prisma: PrismaClient,
  { budgetMs = 3_000, pageEvents = LINK_PAGE_EVENTS }: { budgetMs?: number; pageEvents?: number } = {},
): Promise<LinkPassResult> {
  const start = Date.now();
  const total: LinkPassResult = { read: 0, linked: 0, done: false };
  do {
    const page = await runEventLinkPage(prisma, { pageEvents });
    total.read += page.read;
    total.linked += page.linked;
    total.done = page.done;
  } while (!total.done && Date.now() - start < budgetMs);
  return total;
}
