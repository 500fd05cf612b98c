import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import type { NormalisedEvent } from "@/lib/cloudtrail/types";
import { buildSearchText } from "./search-text";

// Writes a batch of normalised events in one transaction, exactly once per eventID.
//
// Exactly once: event_id is UNIQUE and every insert is ON CONFLICT DO NOTHING; the
// RETURNING list tells which events this batch really stored, and only those update the
// actor and resource counters. Concurrent ingests of overlapping files therefore each
// store a disjoint subset. Rows are written in a fixed order (events by eventID,
// resources by key) so that two concurrent batches lock in the same order and cannot
// deadlock; a deadlock or serialisation failure anyway is retried.
//
// Arrays are passed as parameters and expanded with unnest(): one round trip per table
// per batch, every value parameterised.

export interface StoreOrigin {
  runId: bigint | null;
  fileId: bigint | null;
}

export interface StoreResult {
  stored: number;
  duplicates: number;
}

const RETRYABLE = new Set(["40P01", "40001"]);

export async function storeEvents(prisma: PrismaClient, events: NormalisedEvent[], origin: StoreOrigin): Promise<StoreResult> {
  // A batch may itself repeat an eventID (CloudTrail duplicates inside one file).
  const unique = [...new Map(events.map((e) => [e.eventId, e])).values()].sort((a, b) =>
    a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0,
  );
  if (unique.length === 0) return { stored: 0, duplicates: events.length };
  for (let attempt = 1; ; attempt++) {
    try {
      const stored = await prisma.$transaction((tx) => storeBatch(tx as unknown as PrismaClient, unique, origin), {
        maxWait: 60_000,
        timeout: 300_000,
      });
      return { stored, duplicates: events.length - stored };
    } catch (error) {
      const code = (error as { meta?: { code?: string }; code?: string }).meta?.code ?? (error as { code?: string }).code;
      const retryable = RETRYABLE.has(String(code)) || /deadlock detected|could not serialize/.test(String(error));
      if (!retryable || attempt >= 5) throw error;
    }
  }
}

async function storeBatch(tx: PrismaClient, events: NormalisedEvent[], origin: StoreOrigin): Promise<number> {
  const actorIds = await upsertActors(tx, events);

  const inserted = await tx.$queryRaw<{ id: bigint; event_id: string }[]>`
    INSERT INTO event (event_id, event_time, event_name, event_source, event_version, event_type, aws_region,
      account_id, read_only, error_code, error_message, request_id, source_ip, user_agent, user_agent_family,
      user_agent_detail, vpc_endpoint_id, access_key_id, mfa_authenticated, actor_id, record, search_text,
      ingest_run_id, ingest_file_id)
    SELECT e.event_id, e.event_time, e.event_name, e.event_source, e.event_version, e.event_type, e.aws_region,
      e.account_id, e.read_only, e.error_code, e.error_message, e.request_id, e.source_ip, e.user_agent,
      e.user_agent_family, e.user_agent_detail, e.vpc_endpoint_id, e.access_key_id, e.mfa_authenticated,
      e.actor_id, e.record::jsonb, e.search_text, ${origin.runId}::bigint, ${origin.fileId}::bigint
    FROM unnest(
      ${events.map((e) => e.eventId)}::text[], ${events.map((e) => e.eventTime.toISOString())}::timestamptz[],
      ${events.map((e) => e.eventName)}::text[], ${events.map((e) => e.eventSource)}::text[],
      ${events.map((e) => e.eventVersion)}::text[], ${events.map((e) => e.eventType)}::text[],
      ${events.map((e) => e.awsRegion)}::text[], ${events.map((e) => e.accountId)}::text[],
      ${events.map((e) => e.readOnly)}::boolean[], ${events.map((e) => e.errorCode)}::text[],
      ${events.map((e) => e.errorMessage)}::text[], ${events.map((e) => e.requestId)}::text[],
      ${events.map((e) => e.sourceIp)}::text[], ${events.map((e) => e.userAgent)}::text[],
      ${events.map((e) => e.userAgentFamily)}::text[], ${events.map((e) => e.userAgentDetail)}::text[],
      ${events.map((e) => e.vpcEndpointId)}::text[], ${events.map((e) => e.accessKeyId)}::text[],
      ${events.map((e) => e.mfaAuthenticated)}::boolean[], ${events.map((e) => actorIds.get(e.actor.key)!)}::bigint[],
      ${events.map((e) => JSON.stringify(e.record))}::text[], ${events.map(buildSearchText)}::text[]
    ) AS e(event_id, event_time, event_name, event_source, event_version, event_type, aws_region, account_id,
      read_only, error_code, error_message, request_id, source_ip, user_agent, user_agent_family, user_agent_detail,
      vpc_endpoint_id, access_key_id, mfa_authenticated, actor_id, record, search_text)
    ORDER BY e.event_id
    ON CONFLICT (event_id) DO NOTHING
    RETURNING id, event_id`;
  if (inserted.length === 0) return 0;

  const rowIds = new Map(inserted.map((r) => [r.event_id, r.id]));
  const stored = events.filter((e) => rowIds.has(e.eventId));
  await updateActorStats(tx, stored, actorIds);
  await linkResources(tx, stored, rowIds, actorIds);
  return stored.length;
}

async function upsertActors(tx: PrismaClient, events: NormalisedEvent[]): Promise<Map<string, bigint>> {
  const actors = [...new Map(events.map((e) => [e.actor.key, e.actor])).values()].sort((a, b) => (a.key < b.key ? -1 : 1));
  const now = new Date().toISOString();
  // DO NOTHING, then read the ids: existing actor rows are not locked by this statement.
  await tx.$executeRaw`
    INSERT INTO actor (key, type, name, arn, principal_id, account_id, session_issuer_arn, session_issuer_name,
      invoked_by, first_seen, last_seen)
    SELECT a.*, ${now}::timestamptz, ${now}::timestamptz FROM unnest(
      ${actors.map((a) => a.key)}::text[], ${actors.map((a) => a.type)}::text[], ${actors.map((a) => a.name)}::text[],
      ${actors.map((a) => a.arn)}::text[], ${actors.map((a) => a.principalId)}::text[],
      ${actors.map((a) => a.accountId)}::text[], ${actors.map((a) => a.sessionIssuerArn)}::text[],
      ${actors.map((a) => a.sessionIssuerName)}::text[], ${actors.map((a) => a.invokedBy)}::text[]
    ) AS a
    ON CONFLICT (key) DO NOTHING`;
  const rows = await tx.$queryRaw<{ id: bigint; key: string }[]>`
    SELECT id, key FROM actor WHERE key = ANY(${actors.map((a) => a.key)}::text[])`;
  return new Map(rows.map((r) => [r.key, r.id]));
}

async function updateActorStats(tx: PrismaClient, stored: NormalisedEvent[], actorIds: Map<string, bigint>) {
  const stats = new Map<bigint, { count: number; first: number; last: number }>();
  for (const e of stored) {
    const id = actorIds.get(e.actor.key)!;
    const t = e.eventTime.getTime();
    const s = stats.get(id);
    if (s) {
      s.count++;
      s.first = Math.min(s.first, t);
      s.last = Math.max(s.last, t);
    } else stats.set(id, { count: 1, first: t, last: t });
  }
  const ids = [...stats.keys()].sort((a, b) => (a < b ? -1 : 1));
  // A new actor row carries the insert time as a placeholder; event_count = 0 marks it.
  await tx.$executeRaw`
    UPDATE actor SET
      event_count = actor.event_count + s.count,
      first_seen = CASE WHEN actor.event_count = 0 THEN s.first ELSE LEAST(actor.first_seen, s.first) END,
      last_seen = CASE WHEN actor.event_count = 0 THEN s.last ELSE GREATEST(actor.last_seen, s.last) END
    FROM unnest(
      ${ids}::bigint[], ${ids.map((id) => stats.get(id)!.count)}::int[],
      ${ids.map((id) => new Date(stats.get(id)!.first).toISOString())}::timestamptz[],
      ${ids.map((id) => new Date(stats.get(id)!.last).toISOString())}::timestamptz[]
    ) AS s(id, count, first, last)
    WHERE actor.id = s.id`;
}

interface ResourceAggregate {
  accountId: string;
  region: string;
  kind: string;
  resourceId: string;
  first: number;
  last: number;
  events: number;
  changes: number;
  lastChange: number | null;
  lastChangeActor: bigint | null;
}

const resourceKey = (r: { accountId: string; region: string; kind: string; resourceId: string }) =>
  `${r.accountId}\u0000${r.region}\u0000${r.kind}\u0000${r.resourceId}`;

/** A change is a successful write: what the "changes" and "last changed by" columns count. */
const isChange = (e: NormalisedEvent) => !e.readOnly && !e.errorCode;

async function linkResources(
  tx: PrismaClient,
  stored: NormalisedEvent[],
  rowIds: Map<string, bigint>,
  actorIds: Map<string, bigint>,
) {
  const aggregates = new Map<string, ResourceAggregate>();
  const links: { key: string; eventRowId: bigint; role: string; time: string }[] = [];
  for (const e of stored) {
    const t = e.eventTime.getTime();
    for (const ref of e.resources) {
      const r = { accountId: ref.accountId, region: ref.region, kind: ref.kind, resourceId: ref.id };
      const key = resourceKey(r);
      let agg = aggregates.get(key);
      if (!agg) {
        agg = { ...r, first: t, last: t, events: 0, changes: 0, lastChange: null, lastChangeActor: null };
        aggregates.set(key, agg);
      }
      agg.first = Math.min(agg.first, t);
      agg.last = Math.max(agg.last, t);
      agg.events++;
      if (isChange(e) && ref.role === "target") {
        agg.changes++;
        if (agg.lastChange === null || t >= agg.lastChange) {
          agg.lastChange = t;
          agg.lastChangeActor = actorIds.get(e.actor.key) ?? null;
        }
      }
      links.push({ key, eventRowId: rowIds.get(e.eventId)!, role: ref.role, time: e.eventTime.toISOString() });
    }
  }
  if (aggregates.size === 0) return;
  const rs = [...aggregates.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, agg]) => agg);
  const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
  const rows = await tx.$queryRaw<{ id: bigint; account_id: string; region: string; kind: string; resource_id: string }[]>`
    INSERT INTO resource (account_id, region, kind, resource_id, first_seen, last_seen, event_count, change_count,
      last_change_at, last_change_actor_id)
    SELECT * FROM unnest(
      ${rs.map((r) => r.accountId)}::text[], ${rs.map((r) => r.region)}::text[], ${rs.map((r) => r.kind)}::text[],
      ${rs.map((r) => r.resourceId)}::text[], ${rs.map((r) => iso(r.first))}::timestamptz[],
      ${rs.map((r) => iso(r.last))}::timestamptz[], ${rs.map((r) => r.events)}::int[], ${rs.map((r) => r.changes)}::int[],
      ${rs.map((r) => iso(r.lastChange))}::timestamptz[], ${rs.map((r) => r.lastChangeActor)}::bigint[]
    )
    ON CONFLICT (account_id, region, kind, resource_id) DO UPDATE SET
      first_seen = LEAST(resource.first_seen, EXCLUDED.first_seen),
      last_seen = GREATEST(resource.last_seen, EXCLUDED.last_seen),
      event_count = resource.event_count + EXCLUDED.event_count,
      change_count = resource.change_count + EXCLUDED.change_count,
      last_change_actor_id = CASE
        WHEN EXCLUDED.last_change_at IS NOT NULL AND (resource.last_change_at IS NULL OR EXCLUDED.last_change_at >= resource.last_change_at)
        THEN EXCLUDED.last_change_actor_id ELSE resource.last_change_actor_id END,
      last_change_at = GREATEST(resource.last_change_at, EXCLUDED.last_change_at)
    RETURNING id, account_id, region, kind, resource_id`;
  const ids = new Map(rows.map((r) => [resourceKey({ accountId: r.account_id, region: r.region, kind: r.kind, resourceId: r.resource_id }), r.id]));
  await tx.$executeRaw`
    INSERT INTO event_resource (resource_id, event_id, role, event_time)
    SELECT * FROM unnest(
      ${links.map((l) => ids.get(l.key)!)}::bigint[], ${links.map((l) => l.eventRowId)}::bigint[],
      ${links.map((l) => l.role)}::text[], ${links.map((l) => l.time)}::timestamptz[]
    )
    ON CONFLICT DO NOTHING`;
}

export { Prisma };
