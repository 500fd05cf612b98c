import "server-only";
import { containsPattern } from "@/lib/db/like-pattern";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import type { FacetField } from "./facets";
import { requestIdEquals } from "./request-id";
import { eventIdEquals } from "./event-id";

// Free text matches ids, names, ARNs, IPs and request values. Each lives where it is cheapest
// to keep and to search (lib/ingest/search-text.ts says why):
// - resource ids, request values, error codes: substrings of search_text (trigram index);
// - event names and actors' names and ARNs: looked up first in the small tables that list
//   them (event_facet_count, actor), then matched by id through their own event indexes;
// - eventID, requestID, source IP, access key: exact matches on their own indexes.
// PostgreSQL can then OR the index scans together.

/** More matching actors than this are matched through a subquery instead of a list of ids. */
const MAX_LISTED_ACTORS = 500;

export interface FreeTextMatches {
  eventNames: string[];
  /** null: too many to list, match by subquery. */
  actorIds: bigint[] | null;
}

/** The ingest's counters list every event name once (event_facet_count): the names searched. */
const EVENT_NAMES: FacetField = "name";

/** Lower-cased: search_text is, and names are compared with lower(). */
function likePattern(term: string): string {
  return containsPattern(term.toLowerCase());
}

export async function resolveFreeText(prisma: PrismaClient, q: string): Promise<FreeTextMatches> {
  const pattern = likePattern(q);
  const [names, actors] = await Promise.all([
    prisma.$queryRaw<
      { value: string }[]
    >`SELECT value FROM event_facet_count WHERE field = ${EVENT_NAMES} AND lower(value) LIKE ${pattern}`,
    prisma.$queryRaw<{ id: bigint }[]>`
      SELECT id FROM actor WHERE lower(name) LIKE ${pattern} OR lower(arn) LIKE ${pattern} LIMIT ${MAX_LISTED_ACTORS + 1}`,
  ]);
  return {
    eventNames: names.map((n) => n.value),
    actorIds: actors.length > MAX_LISTED_ACTORS ? null : actors.map((a) => a.id).sort((a, b) => (a < b ? -1 : 1)),
  };
}

const ACCESS_KEY = /^(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{12,124}$/;

export function freeTextCondition(q: string, matches: FreeTextMatches): Prisma.Sql {
  const pattern = likePattern(q);
  const branches = [
    Prisma.sql`e.search_text LIKE ${pattern}`,
    eventIdEquals("e", q),
    requestIdEquals("e", q),
    Prisma.sql`e.source_ip = ${q}`,
  ];
  if (matches.eventNames.length > 0) branches.push(Prisma.sql`e.event_name = ANY(${matches.eventNames}::text[])`);
  if (matches.actorIds === null) {
    branches.push(
      Prisma.sql`e.actor_id IN (SELECT id FROM actor WHERE lower(name) LIKE ${pattern} OR lower(arn) LIKE ${pattern})`,
    );
  } else if (matches.actorIds.length > 0) {
    branches.push(Prisma.sql`e.actor_id = ANY(${matches.actorIds}::bigint[])`);
  }
  // Access keys have a shape of their own; other text need not probe that index.
  if (ACCESS_KEY.test(q)) branches.push(Prisma.sql`e.access_key_id = ${q}`);
  return Prisma.sql`(${Prisma.join(branches, " OR ")})`;
}
