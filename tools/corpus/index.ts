// Public API of the CloudTrail corpus generator.

export { generateCorpus, validateCorpusOptions, type CorpusOptions, type CorpusSummary } from "./generate-corpus";
export { generateElastiCacheRecords } from "./in-memory";
export { parseSize } from "./cli-args";
export type { CloudTrailRecord } from "./json";
