import Link from "next/link";
import { gapBanner } from "@/lib/completeness/gap-text";
import { knownGaps, type GapScope } from "@/lib/completeness/gaps";
import { completenessUrl } from "@/lib/completeness/urls";
import { db } from "@/lib/db/client";

/**
 * Above the explorer and a resource's timeline: the period shown has log files CloudTrail's digests
 * name and nobody read. Nothing when none are known (or no digests at all).
 */
export async function GapBanner({ scope }: { scope: GapScope }) {
  const banner = gapBanner(await knownGaps(db(), scope));
  if (!banner) return null;
  return (
    <div
      role="status"
      className="mb-4 rounded-lg border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900"
      data-testid="gap-banner"
    >
      {banner.text}.{" "}
      <Link className="font-medium underline" href={completenessUrl(banner.link)}>
        See Completeness
      </Link>
    </div>
  );
}
