// Accumulates the resources an event names, from however many places in the record they
// appear. Deduplicates (a created cluster is named in both request and response), normalises
// ids the way ElastiCache stores them, and refuses garbage — records can be hostile, so a
// 10-million-element list or a megabyte-long "id" must cost little and store nothing.

import type { ResourceKind, ResourceRef, ResourceRole } from "./types";

/** At most this many resources per event; a real event names a few dozen at most. */
export const MAX_RESOURCES = 1000;
/** ElastiCache names are at most 255 characters (subnet group names); longer is not an id. */
export const MAX_ID_LENGTH = 255;
/** Elements read from any one list, so a huge list with repeated ids cannot make us loop forever. */
export const MAX_LIST_ITEMS = 1000;

const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

// The API documents these names as "stored as a lowercase string": a request may say "MyCluster"
// while the response and later events say "mycluster". Both must land on one resource.
const LOWERCASED: ReadonlySet<ResourceKind> = new Set<ResourceKind>([
  "cache-cluster",
  "replication-group",
  "subnet-group",
  "serverless-cache",
]);

// A target is what the event is about; any other role it also plays is less informative.
const ROLE_RANK = (role: ResourceRole): number => (role === "target" ? 0 : 1);

/** Where a resource lives when it differs from the event (ARNs, other-region datastore members). */
export interface Place {
  accountId?: string | undefined;
  region?: string | undefined;
}

export class ResourceCollector {
  private readonly byKey = new Map<string, ResourceRef>();

  constructor(
    private readonly accountId: string,
    private readonly region: string,
  ) {}

  add(kind: ResourceKind, id: unknown, role: ResourceRole, place?: Place): void {
    if (typeof id !== "string" || id === "" || id.length > MAX_ID_LENGTH || CONTROL_CHARACTERS.test(id)) return;
    const storedId = LOWERCASED.has(kind) ? id.toLowerCase() : id;
    const accountId = place?.accountId || this.accountId;
    // Global datastores span regions; giving them the event's region would split one datastore in many.
    const region = kind === "global-replication-group" ? "" : place?.region || this.region;
    const key = `${kind}\u0000${accountId}\u0000${region}\u0000${storedId}`;
    const existing = this.byKey.get(key);
    if (existing) {
      // One row per resource and event: keep the most telling role rather than one row per role.
      if (ROLE_RANK(role) < ROLE_RANK(existing.role)) existing.role = role;
      return;
    }
    if (this.byKey.size >= MAX_RESOURCES) return;
    this.byKey.set(key, { kind, id: storedId, role, accountId, region });
  }

  /** A parameter that is a single id or a list of ids (userGroupIds, cacheClusterIds…). */
  addEach(kind: ResourceKind, value: unknown, role: ResourceRole, place?: Place): void {
    if (!Array.isArray(value)) {
      this.add(kind, value, role, place);
      return;
    }
    const count = Math.min(value.length, MAX_LIST_ITEMS);
    for (let i = 0; i < count; i++) this.add(kind, value[i], role, place);
  }

  /** The resources found, targets first, otherwise in the order they were met. */
  result(): ResourceRef[] {
    return [...this.byKey.values()].sort((a, b) => ROLE_RANK(a.role) - ROLE_RANK(b.role));
  }
}
