// Fields that only the event page and the export show, read from the stored record rather than
// kept as columns of event (issue 19, docs/benchmarks.md "Disk per event"): no filter, menu,
// rollup or history reads them, and both readers decode the record anyway. Read exactly as
// lib/cloudtrail/normalise.ts read them when the event was stored (and as a text column held
// them: PostgreSQL text has no NUL, lib/ingest/copy-binary.ts stores U+FFFD instead).
// Pure: no I/O.

export interface RecordOnlyFields {
  eventSource: string;
  eventVersion: string | null;
  eventType: string | null;
  vpcEndpointId: string | null;
}

/** A string field as normalise stored it: "" and anything but a string mean "not recorded". */
function text(value: unknown): string | null {
  if (typeof value !== "string" || value === "") return null;
  return value.includes("\u0000") ? value.replaceAll("\u0000", "\uFFFD") : value;
}

export function recordOnlyFields(record: Record<string, unknown>): RecordOnlyFields {
  return {
    eventSource: text(record.eventSource) ?? "",
    eventVersion: text(record.eventVersion),
    eventType: text(record.eventType),
    vpcEndpointId: text(record.vpcEndpointId),
  };
}
