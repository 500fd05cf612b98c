import "server-only";
import { normaliseActor } from "@/lib/cloudtrail/actor";
import { userIdentitySchema } from "@/lib/cloudtrail/schema";
import type { NormalisedActor } from "@/lib/cloudtrail/types";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { recordColumns, recordOf, type StoredRecordColumns } from "@/lib/events/record-codec-sql";
import { sessionCreatedOf } from "@/lib/ingest/store";
import { toPostgresText } from "@/lib/ingest/postgres-text";

// Brings stored events in line with the current actor rules (lib/cloudtrail/actor.ts): every
// event's actor is derived again from its stored record; events whose principal is now another
// actor (a new key) or whose actor is now described differently (name, issuer…) are moved or
// the row updated, and the counters and rollups of every actor involved are recounted from
// their events. Run by `npm run actors:renormalise` after an upgrade that changed the rules;
// it holds a lock that makes ingests wait, so the recount cannot miss a concurrent batch.
// Idempotent: a second run finds nothing to do.

const BATCH = 5_000;

export interface RenormaliseResult {
  eventsRead: number;
  eventsMoved: number;
  actorsUpdated: number;
  actorsRemoved: number;
}

type Row = { id: bigint; actor_id: bigint } & StoredRecordColumns;
type Stored = {
  id: bigint;
  key: string;
  name: string;
  type: string;
  issuer: string | null;
  issuer_name: string | null;
};

function sameDescription(a: NormalisedActor, s: Stored): boolean {
  return (
    a.name === s.name && a.type === s.type && a.sessionIssuerArn === s.issuer && a.sessionIssuerName === s.issuer_name
  );
}

export async function renormaliseActors(prisma: PrismaClient): Promise<RenormaliseResult> {
  return prisma.$transaction(
    async (tx) => {
      // Ingest's INSERT INTO actor waits behind this lock (SHARE ROW EXCLUSIVE excludes ROW EXCLUSIVE).
      await tx.$executeRawUnsafe("LOCK TABLE actor IN SHARE ROW EXCLUSIVE MODE");
      const stored = new Map(
        (
          await tx.$queryRaw<Stored[]>`SELECT id, key, name, type, session_issuer_arn AS issuer,
            session_issuer_name AS issuer_name FROM actor`
        ).map((a) => [a.id, a]),
      );
      const byKey = new Map([...stored.values()].map((a) => [a.key, a]));
      const moves = new Map<string, { actor: NormalisedActor; events: bigint[] }>();
      const redescribed = new Map<bigint, NormalisedActor>();
      let eventsRead = 0;
      for (let after = BigInt(0); ;) {
        const rows = await tx.$queryRaw<Row[]>`SELECT id, actor_id, ${recordColumns("event")}
          FROM event WHERE id > ${after} ORDER BY id LIMIT ${BATCH}`;
        if (rows.length === 0) break;
        eventsRead += rows.length;
        after = rows.at(-1)!.id;
        for (const r of rows) {
          const record = recordOf(r);
          const identity = userIdentitySchema.safeParse(record.userIdentity);
          const recipient = record.recipientAccountId;
          const actor = normaliseActor(identity.success ? identity.data : null, {
            recipientAccountId:
              typeof recipient === "string" ? recipient : recipient == null ? null : JSON.stringify(recipient),
          });
          const current = stored.get(r.actor_id)!;
          if (actor.key !== current.key) {
            const move = moves.get(actor.key) ?? { actor, events: [] };
            move.events.push(r.id);
            moves.set(actor.key, move);
          } else if (!sameDescription(actor, current)) redescribed.set(current.id, actor);
        }
      }

      const touched = new Set<bigint>();
      for (const [key, { actor, events }] of moves) {
        let target = byKey.get(key)?.id;
        if (target === undefined) {
          const [created] = await tx.$queryRaw<{ id: bigint }[]>`
            INSERT INTO actor (key, type, name, arn, principal_id, account_id, session_issuer_arn, session_issuer_name,
              invoked_by, first_seen, last_seen)
            SELECT ${key}, ${actor.type}, ${actor.name}, ${actor.arn}, ${actor.principalId}, ${actor.accountId},
              ${actor.sessionIssuerArn}, ${actor.sessionIssuerName}, ${actor.invokedBy}, min(event_time), max(event_time)
            FROM event WHERE id = ANY(${events}::bigint[])
            RETURNING id`;
          target = created!.id;
        }
        const from = await tx.$queryRaw<{ actor_id: bigint }[]>`
          SELECT DISTINCT actor_id FROM event WHERE id = ANY(${events}::bigint[])`;
        for (const f of from) touched.add(f.actor_id);
        touched.add(target);
        await tx.$executeRaw`UPDATE event SET actor_id = ${target} WHERE id = ANY(${events}::bigint[])`;
      }
      for (const [id, a] of redescribed) {
        await tx.$executeRaw`UPDATE actor SET name = ${a.name}, type = ${a.type}, session_issuer_arn = ${a.sessionIssuerArn},
          session_issuer_name = ${a.sessionIssuerName} WHERE id = ${id}`;
      }
      const ids = [...touched];
      const removed = ids.length ? await recountActors(tx as unknown as PrismaClient, ids) : 0;
      return {
        eventsRead,
        eventsMoved: [...moves.values()].reduce((n, m) => n + m.events.length, 0),
        actorsUpdated: redescribed.size,
        actorsRemoved: removed,
      };
    },
    { timeout: 30 * 60_000, maxWait: 60_000 },
  );
}

/** Counters and rollups of these actors recounted from their events; actors left without any removed. */
export async function recountActors(tx: PrismaClient, list: bigint[]): Promise<number> {
  await tx.$executeRaw`UPDATE actor a SET event_count = coalesce(c.events, 0), write_count = coalesce(c.writes, 0),
      failure_count = coalesce(c.failures, 0), first_seen = coalesce(c.first, a.first_seen),
      last_seen = coalesce(c.last, a.last_seen)
    FROM (SELECT id FROM actor WHERE id = ANY(${list}::bigint[])) x
    LEFT JOIN (SELECT actor_id, count(*)::int AS events, (count(*) FILTER (WHERE NOT read_only))::int AS writes,
        (count(*) FILTER (WHERE error_code IS NOT NULL))::int AS failures, min(event_time) AS first,
        max(event_time) AS last
      FROM event WHERE actor_id = ANY(${list}::bigint[]) GROUP BY actor_id) c ON c.actor_id = x.id
    WHERE a.id = x.id`;
  for (const table of [
    "actor_source",
    "actor_activity",
    "actor_session",
    "actor_resource",
    "actor_rollup",
    "actor_rollup_day",
    "principal_seen",
  ]) {
    await tx.$executeRawUnsafe(`DELETE FROM ${table} WHERE actor_id = ANY($1::bigint[])`, list);
  }
  await tx.$executeRaw`INSERT INTO actor_source (actor_id, source_ip, user_agent_id, user_agent_family,
      user_agent_detail, event_count, write_count, failure_count, first_seen, last_seen)
    SELECT actor_id, left(coalesce(source_ip, ''), 256), coalesce(user_agent_id, 0), user_agent_family,
      coalesce(user_agent_detail, ''), count(*), count(*) FILTER (WHERE NOT read_only),
      count(*) FILTER (WHERE error_code IS NOT NULL), min(event_time), max(event_time)
    FROM event WHERE actor_id = ANY(${list}::bigint[]) GROUP BY 1, 2, 3, 4, 5`;
  await tx.$executeRaw`INSERT INTO actor_activity (actor_id, day, account_id, event_name, error_code, event_count,
      write_count, first_seen, last_seen)
    SELECT actor_id, (event_time AT TIME ZONE 'UTC')::date, account_id, event_name, left(coalesce(error_code, ''), 256),
      count(*), count(*) FILTER (WHERE NOT read_only), min(event_time), max(event_time)
    FROM event WHERE actor_id = ANY(${list}::bigint[]) GROUP BY 1, 2, 3, 4, 5`;
  // The Overview's and Security view's per-actor rollups (lib/rollups/store-sql.ts), as ingest keys them.
  await tx.$executeRaw`INSERT INTO actor_rollup (hour, account_id, aws_region, actor_id, error_code, event_count,
      write_count)
    SELECT date_trunc('hour', event_time, 'UTC'), account_id, aws_region, actor_id, coalesce(error_code, ''), count(*),
      count(*) FILTER (WHERE NOT read_only AND error_code IS NULL)
    FROM event WHERE actor_id = ANY(${list}::bigint[]) GROUP BY 1, 2, 3, 4, 5`;
  await tx.$executeRaw`INSERT INTO actor_rollup_day (day, account_id, aws_region, actor_id, error_code, event_count,
      write_count)
    SELECT date_trunc('day', hour, 'UTC'), account_id, aws_region, actor_id, error_code, sum(event_count),
      sum(write_count)
    FROM actor_rollup WHERE actor_id = ANY(${list}::bigint[]) GROUP BY 1, 2, 3, 4, 5`;
  await tx.$executeRaw`INSERT INTO principal_seen (account_id, aws_region, actor_id, source_ip, first_seen, last_seen,
      event_count)
    SELECT account_id, aws_region, actor_id, coalesce(source_ip, ''), min(event_time), max(event_time), count(*)
    FROM event WHERE actor_id = ANY(${list}::bigint[]) GROUP BY 1, 2, 3, 4`;
  await rebuildActorSessions(tx, list);
  await tx.$executeRaw`INSERT INTO actor_resource (actor_id, resource_id, event_count, write_count, first_seen, last_seen)
    SELECT e.actor_id, er.resource_id, count(DISTINCT e.id), count(DISTINCT e.id) FILTER (WHERE NOT e.read_only),
      min(e.event_time), max(e.event_time)
    FROM event_resource er JOIN event e ON e.id = er.event_id WHERE e.actor_id = ANY(${list}::bigint[])
    GROUP BY 1, 2`;
  // A resource's "last changed by" names whoever made its latest successful write now.
  await tx.$executeRaw`UPDATE resource r SET last_change_actor_id = (
      SELECT e.actor_id FROM event_resource er JOIN event e ON e.id = er.event_id
      WHERE er.resource_id = r.id AND er.role = 'target' AND NOT e.read_only AND e.error_code IS NULL
      ORDER BY er.event_time DESC, er.event_id DESC LIMIT 1)
    WHERE r.last_change_actor_id = ANY(${list}::bigint[])`;
  return tx.$executeRaw`DELETE FROM actor WHERE id = ANY(${list}::bigint[]) AND event_count = 0`;
}

/**
 * actor_session of these actors from their events: the session's creation date is in the record,
 * so records are read a page at a time and decoded in Node (nothing in SQL looks into a record).
 */
async function rebuildActorSessions(tx: PrismaClient, list: bigint[]): Promise<void> {
  const sessions = new Map<
    string,
    { actor: bigint; created: string; mfa: string; n: number; first: Date; last: Date }
  >();
  for (let after = BigInt(0); ;) {
    const rows = await tx.$queryRaw<
      Array<{ id: bigint; actor_id: bigint; event_time: Date; mfa: string } & StoredRecordColumns>
    >`SELECT id, actor_id, event_time, coalesce(mfa_authenticated::text, '') AS mfa, ${recordColumns("event")}
      FROM event WHERE actor_id = ANY(${list}::bigint[]) AND id > ${after} ORDER BY id LIMIT ${BATCH}`;
    if (rows.length === 0) break;
    after = rows.at(-1)!.id;
    for (const r of rows) {
      // As the ingest's rollup keys it (lib/rollups/actor-sql.ts): cut to 64 characters.
      const created = [...toPostgresText(sessionCreatedOf(recordOf(r)) ?? "")].slice(0, 64).join("");
      const key = `${r.actor_id}\u0000${created}\u0000${r.mfa}`;
      const s = sessions.get(key);
      if (!s)
        sessions.set(key, { actor: r.actor_id, created, mfa: r.mfa, n: 1, first: r.event_time, last: r.event_time });
      else {
        s.n++;
        if (r.event_time < s.first) s.first = r.event_time;
        if (r.event_time > s.last) s.last = r.event_time;
      }
    }
  }
  const all = [...sessions.values()];
  for (let i = 0; i < all.length; i += BATCH) {
    const part = all.slice(i, i + BATCH);
    await tx.$executeRaw`INSERT INTO actor_session (actor_id, created_at, mfa, event_count, first_seen, last_seen)
      SELECT * FROM unnest(${part.map((s) => s.actor)}::bigint[], ${part.map((s) => s.created)}::text[],
        ${part.map((s) => s.mfa)}::text[], ${part.map((s) => s.n)}::int[], ${part.map((s) => s.first)}::timestamptz[],
        ${part.map((s) => s.last)}::timestamptz[])`;
  }
}
