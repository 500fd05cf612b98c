// A reconstructed history as plain JSON, to be stored and read back instead of rebuilt from its
// events. Each step keeps only the configuration entries that changed (and the fields that went
// away); decoding replays those deltas, so steps that changed nothing share one configuration
// object again, as they do when reconstructed.
import type { ResourceKind } from "@/lib/cloudtrail/types";
import { EMPTY_CONFIGURATION } from "./configuration";
import type {
  ConfigEntry,
  EffectRef,
  FieldChange,
  HistoryStep,
  Lifecycle,
  ResourceHistory,
  StepCategory,
  StepEffect,
} from "./types";

/**
 * Bump whenever reconstruction could produce a different history from the same events: stored ones are then rebuilt.
 * 2: the one secret rule (lib/cloudtrail/secrets.ts) replaced history's own, which also dropped nextToken, secretArn….
 * 3: cross-resource effects (effects.ts: members, users, user groups, with step causes and effects), primaries per
 *    shard, pending → applied now as a change of its own, failed calls no longer open lifecycles.
 * 4: ModifyServerlessCache takes the cache from the user group it leaves; inferred links (role "inferred") are read.
 * 5: IncreaseReplicaCount / resharding with a null response: members derived from the request, or counted as
 *    added unnamed; a resharding reaches only the unnamed members of the shards it removes.
 * 6: members linked as `derived` (ids derived from a group call's request) are created or ended by it;
 *    CreateReplicationGroup and resharding with a null response derive their members; a removal never creates.
 */
export const HISTORY_ENCODING_VERSION = 6;

type EncodedLifecycle = Omit<Lifecycle, "createdAt" | "deletedAt" | "firstEventAt" | "lastEventAt"> & {
  createdAt?: number;
  deletedAt?: number;
  firstEventAt: number;
  lastEventAt: number;
};

export interface EncodedStep {
  id: string;
  t: number;
  name: string;
  actor: string | null;
  cat: StepCategory;
  failed?: true;
  changes?: FieldChange[];
  /** Entries set by this step. */
  set?: Record<string, ConfigEntry>;
  /** Fields this step removed. */
  unset?: string[];
  lc: number;
  cause?: EffectRef;
  /** Effects on others, each naming its resources by an index into `EncodedHistory.lists`. */
  fx?: EncodedEffect[];
}

/** A StepEffect whose resource ids are a list of `EncodedHistory.lists`: a group's 400 calls share its 90 member ids. */
export type EncodedEffect = Omit<StepEffect, "resourceIds"> & { ids: number };

export interface EncodedHistory {
  version: number;
  kind: ResourceKind;
  resourceId: string;
  lifecycles: EncodedLifecycle[];
  steps: EncodedStep[];
  /** Distinct lists of resource ids the steps' effects name. */
  lists?: string[][];
}

const ms = (d: Date | undefined) => d?.getTime();
const date = (n: number | undefined) => (n === undefined ? undefined : new Date(n));

function encodeLifecycle(lc: Lifecycle): EncodedLifecycle {
  return {
    ...lc,
    createdAt: ms(lc.createdAt),
    deletedAt: ms(lc.deletedAt),
    firstEventAt: lc.firstEventAt.getTime(),
    lastEventAt: lc.lastEventAt.getTime(),
  };
}

function decodeLifecycle(lc: EncodedLifecycle): Lifecycle {
  const out: Lifecycle = {
    ...lc,
    createdAt: date(lc.createdAt),
    deletedAt: date(lc.deletedAt),
    firstEventAt: new Date(lc.firstEventAt),
    lastEventAt: new Date(lc.lastEventAt),
  };
  // Keep absent fields absent, as the tracker leaves them.
  if (out.createdAt === undefined) delete out.createdAt;
  if (out.deletedAt === undefined) delete out.deletedAt;
  return out;
}

export function encodeHistory(history: ResourceHistory): EncodedHistory {
  let before = EMPTY_CONFIGURATION;
  const lists: string[][] = [];
  const listIndex = new Map<string, number>();
  const listOf = (ids: string[]) => {
    const key = ids.join("\n");
    let i = listIndex.get(key);
    if (i === undefined) listIndex.set(key, (i = lists.push(ids) - 1));
    return i;
  };
  const steps = history.steps.map((s): EncodedStep => {
    const out: EncodedStep = {
      id: s.eventId,
      t: s.eventTime.getTime(),
      name: s.eventName,
      actor: s.actorName,
      cat: s.category,
      lc: s.lifecycleIndex,
    };
    if (s.failed) out.failed = true;
    if (s.changes.length > 0) out.changes = s.changes;
    if (s.cause) out.cause = s.cause;
    if (s.effects) out.fx = s.effects.map(({ resourceIds, ...e }) => ({ ...e, ids: listOf(resourceIds) }));
    const after = s.configAfter;
    if (after !== before) {
      // Entries are frozen and shared between configurations, so identity tells what changed.
      const set = Object.entries(after).filter(([k, e]) => before[k] !== e);
      const unset = Object.keys(before).filter((k) => !Object.hasOwn(after, k));
      if (set.length > 0) out.set = Object.fromEntries(set);
      if (unset.length > 0) out.unset = unset;
    }
    before = after;
    return out;
  });
  return {
    version: HISTORY_ENCODING_VERSION,
    kind: history.kind,
    resourceId: history.resourceId,
    lifecycles: history.lifecycles.map(encodeLifecycle),
    steps,
    ...(lists.length > 0 ? { lists } : {}),
  };
}

/** The history `encodeHistory` was given, or null if it was encoded by another version. */
export function decodeHistory(encoded: EncodedHistory): ResourceHistory | null {
  if (encoded.version !== HISTORY_ENCODING_VERSION) return null;
  let config = EMPTY_CONFIGURATION;
  const steps = encoded.steps.map((s): HistoryStep => {
    if (s.set || s.unset) {
      const next: Record<string, ConfigEntry> = { ...config };
      for (const k of s.unset ?? []) delete next[k];
      for (const [k, e] of Object.entries(s.set ?? {})) next[k] = Object.freeze(e);
      config = Object.freeze(next);
    }
    const step: HistoryStep = {
      eventId: s.id,
      eventTime: new Date(s.t),
      eventName: s.name,
      actorName: s.actor,
      category: s.cat,
      failed: s.failed === true,
      changes: s.changes ?? [],
      configAfter: config,
      lifecycleIndex: s.lc,
    };
    if (s.cause) step.cause = s.cause;
    if (s.fx) step.effects = s.fx.map(({ ids, ...e }) => ({ ...e, resourceIds: encoded.lists?.[ids] ?? [] }));
    return step;
  });
  const lifecycles = encoded.lifecycles.map(decodeLifecycle);
  return {
    kind: encoded.kind,
    resourceId: encoded.resourceId,
    status: lifecycles.at(-1)?.status ?? "unknown",
    lifecycles,
    steps,
  };
}
