import { eventsPageUrl, type EventFiltersInput } from "@/lib/events/filters";
import type { SecurityFlag } from "./flags";

// Links from the Security view to the explorer. Pure.

/** /events on exactly a flagged list's calls: ?flag= reads the security_event rows the list counts. */
export function flaggedEventsUrl(flag: SecurityFlag, scope: EventFiltersInput): string {
  return eventsPageUrl({ ...scope, flag });
}
