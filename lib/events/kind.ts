import { z } from "zod";

// What kind of call an event is, as the overview's chart stacks them and the explorer filters
// them (?kind=create): one definition for the chart, the rollups, the explorer and the tests.
// Pure: zod only. The SQL form of the same rule is eventKindSqlText (lib/rollups/sql-text.ts),
// built from the prefix lists below, so the two cannot drift apart.

export const eventKindSchema = z.enum(["create", "modify", "delete", "other-write", "read", "failed"]);
export type EventKind = z.infer<typeof eventKindSchema>;
export const EVENT_KINDS = eventKindSchema.options;

/** Successful calls that change something; a failed call changed nothing, whatever its name. */
export const WRITE_KINDS: readonly EventKind[] = ["create", "modify", "delete", "other-write"];

/**
 * Name prefixes of the changing kinds. Copy* makes a new snapshot, so it creates; Increase*,
 * Decrease*, Rebalance* and Reset* change an existing resource's settings, so they modify. Every
 * other write (Reboot, TestFailover, AddTags…) is "other write".
 */
export const KIND_NAME_PREFIXES = {
  create: ["Create", "Copy"],
  delete: ["Delete"],
  modify: ["Modify", "Increase", "Decrease", "Rebalance", "Reset"],
} as const satisfies Partial<Record<EventKind, readonly string[]>>;

/** A POSIX regular expression PostgreSQL and JavaScript read alike: letters only, anchored. */
export function namePattern(kind: keyof typeof KIND_NAME_PREFIXES): string {
  return `^(${KIND_NAME_PREFIXES[kind].join("|")})`;
}

export function eventKind(e: { eventName: string; readOnly: boolean; errorCode: string | null }): EventKind {
  if (e.errorCode !== null) return "failed";
  if (e.readOnly) return "read";
  for (const kind of ["create", "delete", "modify"] as const)
    if (new RegExp(namePattern(kind)).test(e.eventName)) return kind;
  return "other-write";
}

export const EVENT_KIND_LABELS: Readonly<Record<EventKind, string>> = {
  create: "Create",
  modify: "Modify",
  delete: "Delete",
  "other-write": "Other write",
  read: "Read",
  failed: "Failed",
};
