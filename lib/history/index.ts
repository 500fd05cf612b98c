// Configuration history of one ElastiCache resource, rebuilt from its CloudTrail events.
// Rules and limits: docs/configuration-history.md.
export type {
  ChangeStatus,
  ConfigEntry,
  Configuration,
  EffectRef,
  FieldChange,
  HistoryStep,
  Lifecycle,
  ReadSummary,
  ResourceHistory,
  ResourceStatus,
  StepCategory,
  StepEffect,
  TimelineEvent,
} from "./types";
export { reconstructHistory, extendHistory, orderEvents } from "./reconstruct";
export { configurationAt, configurationValues, EMPTY_CONFIGURATION } from "./configuration";
export { summariseReads } from "./reads";
export { describeChange, formatValue } from "./describe-change";
export { diffConfigurations } from "./diff";
export { categorize, isReadEvent } from "./categories";
export { EFFECTS, effectsOf, type Effect } from "./effects";
export { primariesAt, primaryTimeline, type PrimarySpan } from "./primaries";
