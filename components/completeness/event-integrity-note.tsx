import { Card } from "@/components/ui/card";
import { eventFileModified } from "@/lib/completeness/queries";
import { completenessUrl } from "@/lib/completeness/urls";
import { db } from "@/lib/db/client";
import Link from "next/link";

/** On an event's page: its log file no longer hashes to what CloudTrail's digest recorded. */
export async function EventIntegrityNote({ eventId }: { eventId: string }) {
  const modified = await eventFileModified(db(), eventId);
  if (!modified) return null;
  return (
    <Card role="alert" className="border-rose-300 bg-rose-50" data-testid="event-modified-file">
      <p className="text-sm font-medium text-rose-800">
        This event comes from a log file that was modified after CloudTrail delivered it.
      </p>
      <p className="mt-1 break-all text-sm text-rose-800">
        <code className="font-mono text-xs">{modified.key}</code> does not hash to the SHA-256 its digest recorded: this
        record may not be what CloudTrail wrote.{" "}
        <Link className="underline" href={completenessUrl()}>
          See Completeness
        </Link>
        .
      </p>
    </Card>
  );
}
