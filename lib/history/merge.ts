// The generic rules that turn "what was asked" + "what the response says" into changes.
import { NOTE_APPLY_IMMEDIATELY, type ConfigBuilder } from "./configuration";
import type { ResponseSnapshot } from "./responses";
import { has, sameValue } from "./values";

type Fields = Record<string, unknown>;

/** Create*: request and response together give the initial configuration; the response wins. */
export function mergeCreate(b: ConfigBuilder, requested: Fields, snapshot: ResponseSnapshot | null): void {
  const initial: Fields = { ...requested, ...(snapshot?.fields ?? {}) };
  for (const [field, value] of Object.entries(initial)) if (value !== undefined) b.apply(field, value);
  for (const [field, value] of Object.entries(snapshot?.pending ?? {})) b.pend(field, value);
}

export interface ModifyInput {
  requested: Fields;
  snapshot: ResponseSnapshot | null;
  applyImmediately: boolean | undefined;
  /**
   * The operation takes effect when it returns (parameter values, tags, subnet lists): a
   * requested field the response does not contradict is applied rather than "requested".
   */
  synchronous: boolean;
  /** Fields the operation-specific logic knows are pending (e.g. resharding under way). */
  extraPending?: Fields;
}

export function mergeModify(b: ConfigBuilder, input: ModifyInput): void {
  const { requested, snapshot } = input;
  const fields = snapshot?.fields ?? {};
  const pending: Fields | null =
    snapshot?.pending || input.extraPending ? { ...(snapshot?.pending ?? {}), ...(input.extraPending ?? {}) } : null;
  const immediately = input.applyImmediately === true ? NOTE_APPLY_IMMEDIATELY : undefined;
  // Only an explicit applyImmediately=false says "maintenance window": operations without the
  // parameter (user groups, resharding) have pending values for other reasons.
  const deferred = input.applyImmediately === false ? "next maintenance window" : undefined;
  // Own-property test: a requested `undefined` means "remove" (a tag key), not "not asked".
  const asked = (field: string): boolean => Object.hasOwn(requested, field);

  // 1. What this call asked for (first, so a step lists its own asks before side effects).
  for (const [field, want] of Object.entries(requested)) {
    const reported = has(fields, field);
    if (pending && has(pending, field)) {
      if (reported) b.observe(field, fields[field]);
      b.pend(field, pending[field], immediately ?? deferred);
    } else if (reported && sameValue(fields[field], want)) {
      b.apply(field, want, immediately);
    } else if (!reported && input.synchronous) {
      b.apply(field, want, immediately);
    } else {
      if (reported) b.observe(field, fields[field]);
      b.request(field, want, immediately);
    }
  }

  // 2. What the response reports about fields this call did not ask for: drift, pending
  //    values that have since been applied, status.
  for (const [field, value] of Object.entries(fields)) if (!asked(field)) b.observe(field, value);
  for (const prefix of snapshot?.complete ?? []) {
    for (const field of b.fields()) {
      if (field.startsWith(prefix) && !has(fields, field) && !asked(field)) b.observe(field, undefined);
    }
  }

  // 3. Pending values the response lists that this call did not ask for.
  for (const [field, value] of Object.entries(pending ?? {})) {
    if (!asked(field)) b.pend(field, value, "reported pending");
  }

  // 4. A full pending-values object that no longer lists a known pending value: the
  //    change was applied (then step 2 has seen the value) or abandoned.
  if (snapshot?.pending) {
    for (const field of b.fields()) {
      if (b.get(field)?.pending !== undefined && !has(pending ?? {}, field)) b.dropPending(field);
    }
  }
}
