// Engine, version and status for a row of the resources list, without rebuilding the whole
// history of every listed resource: the same reconstruction runs on a sample of at most a
// few events — the first seen, the last change (`resource.last_change_at`) and the last seen —
// which the list query fetches with exact index lookups. Good enough for a list: the
// resource page, built from every write, is authoritative.
import type { ResourceKind } from "@/lib/cloudtrail/types";
import { reconstructHistory, type ConfigEntry, type ResourceStatus, type TimelineEvent } from "@/lib/history";

export interface ListFacts {
  engine: string | null;
  engineVersion: string | null;
  status: ResourceStatus;
}

/** The value, else what was last asked for (replication group responses never confirm a version). */
function shown(entry: ConfigEntry | undefined): string | null {
  const v = entry?.value ?? entry?.requested ?? entry?.pending;
  return typeof v === "string" || typeof v === "number" ? String(v) : null;
}

export function listFacts(kind: ResourceKind, resourceId: string, sample: readonly TimelineEvent[]): ListFacts {
  const history = reconstructHistory(kind, resourceId, sample);
  const config = history.steps.at(-1)?.configAfter ?? {};
  return {
    // A parameter group has no engine of its own, only a family ("redis7").
    engine: shown(config.engine) ?? shown(config.family),
    engineVersion: shown(config.engineVersion) ?? shown(config.majorEngineVersion),
    status: history.status,
  };
}
