import "server-only";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { poolOf } from "@/lib/db/create-client";
import type { GapDay } from "./gap-text";

// Known gaps for the explorer's and the timelines' banners (SQL): the digests of a period whose
// named log files were not all read. One indexed lookup — digest (files_missing, start_time) holds
// only a handful of entries with files_missing > 0 — so every page view can afford it. No digests
// at all means no banner: a trail without log file validation is not "incomplete".

export interface GapScope {
  from?: Date;
  to?: Date;
  /** Null or empty: every account (region). */
  accounts?: readonly string[] | null;
  regions?: readonly string[] | null;
}

/** Missing log files per account, region and UTC day of the period; at most 100 days listed. */
export async function knownGaps(prisma: PrismaClient, scope: GapScope): Promise<GapDay[]> {
  const { rows } = await poolOf(prisma).query<GapDay>(
    `SELECT d.account_id AS account, d.region, to_char(d.start_time AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day,
       sum(d.files_missing)::int AS missing
     FROM digest d
     WHERE d.files_missing > 0 AND ($1::timestamptz IS NULL OR d.start_time >= $1) AND ($2::timestamptz IS NULL OR d.start_time < $2)
       AND ($3::text[] IS NULL OR d.account_id = ANY($3)) AND ($4::text[] IS NULL OR d.region = ANY($4))
     GROUP BY 1, 2, 3 ORDER BY 3, 1, 2 LIMIT 100`,
    [
      scope.from ?? null,
      scope.to ?? null,
      scope.accounts?.length ? scope.accounts : null,
      scope.regions?.length ? scope.regions : null,
    ],
  );
  return rows;
}
