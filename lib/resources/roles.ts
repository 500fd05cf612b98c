// Which parts a resource plays in an event (event_resource.role) matter for what.

/** The role of a link inferred from stored state rather than named by the event (event-links.ts). */
export const INFERRED_ROLE = "inferred";

/**
 * The role of a link to a member whose id the event does not name but its request gives (an IncreaseReplicaCount,
 * resharding or CreateReplicationGroup with a null response; `unnamed` in lib/history/effects.ts): event-links.ts.
 */
export const DERIVED_ROLE = "derived";

/**
 * Parts a resource plays in the events that can change its configuration (docs/configuration-history.md,
 * "Cross-resource effects"): its own calls, and e.g. the CreateReplicationGroup that
 * creates a member cluster or the DeleteCacheCluster that takes a final snapshot. `source` adds
 * the snapshots taken from a cluster. Events where it is only named (a parameter group in every
 * CreateCacheCluster that uses it) are listed on the timeline but not needed for its history.
 */
export const HISTORY_ROLES = [
  "target",
  "source",
  "member",
  "primary",
  "global-datastore",
  "snapshot",
  // Users a user group call adds or removes; user groups a replication group or serverless cache call uses (effects.ts).
  "user",
  "user-group",
  // Named by no record: reached by a call of a group it belonged to (lib/resources/event-links.ts).
  INFERRED_ROLE,
  // Named by no record: its id derived from the request of a group call (lib/resources/event-links.ts).
  DERIVED_ROLE,
];

/** The event is about this resource (its own call, or a snapshot taken from it), not merely naming it. */
export const OWN_ROLES = ["target", "source"];

export function isOwnRole(role: string): boolean {
  return OWN_ROLES.includes(role);
}
