// Decides what one successful write event does to one resource.
import type { ResourceKind } from "@/lib/cloudtrail/types";
import type { ConfigBuilder } from "./configuration";
import { mergeCreate, mergeModify } from "./merge";
import { opSpec, shapeOf, type OpSpec } from "./ops";
import { effectPlan, NO_PLAN, type Plan } from "./effects";
import { snapshotFromResponse, type ResponseSnapshot } from "./responses";
import type { Configuration, TimelineEvent } from "./types";
import { asBoolean, asRecord, asString, type Json } from "./values";

export type { Plan };

export function planEvent(kind: ResourceKind, resourceId: string, event: TimelineEvent, before: Configuration): Plan {
  const req = asRecord(event.requestParameters) ?? {};
  const resp = event.responseElements ?? null;
  const spec = opSpec(event.eventName);
  if (spec?.targets(kind, resourceId, req, resp)) return targetPlan(spec, kind, resourceId, req, resp);
  return effectPlan(kind, resourceId, event.eventName, req, resp, before, event.derived === true) ?? NO_PLAN;
}

function targetPlan(spec: OpSpec, kind: ResourceKind, resourceId: string, req: Json, resp: unknown): Plan {
  return {
    target: true,
    lifecycle: spec.lifecycle,
    run(b, before) {
      // Shape first: delta parameters (userIdsToAdd…) are resolved against the configuration before the call.
      const shaped = shapeOf(spec)({ kind, resourceId, req, resp }, b);
      const snapshot = spec.ignoreResponse ? null : snapshotFromResponse(kind, resourceId, resp, before);
      if (spec.lifecycle === "create") {
        mergeCreate(b, shaped.requested, snapshot);
      } else if (spec.lifecycle === "delete") {
        deleted(b, req, snapshot);
      } else {
        mergeModify(b, {
          requested: shaped.requested,
          snapshot,
          applyImmediately: asBoolean(req.applyImmediately),
          synchronous: spec.synchronous === true,
          extraPending: shaped.extraPending,
        });
      }
      for (const change of shaped.records ?? []) b.record(change);
      shaped.after?.(b);
    },
  };
}

/** Keep the last known configuration, so "what was it when it was deleted" stays answerable. */
function deleted(b: ConfigBuilder, req: Json, snapshot: ResponseSnapshot | null): void {
  for (const [field, value] of Object.entries(snapshot?.fields ?? {})) if (field !== "status") b.observe(field, value);
  b.apply("status", "deleted");
  const finalSnapshot = asString(req.finalSnapshotIdentifier) ?? asString(req.finalSnapshotName);
  if (finalSnapshot !== undefined) b.apply("finalSnapshot", finalSnapshot);
}
