// The shapes that flow through the ingest: bytes → raw records → normalised ElastiCache events → rows.

/** Where a record sits in its file, for error messages ("record 12, byte 52,113, line 1"). */
export interface RecordPosition {
  /** 0-based index among the records of the file. */
  index: number;
  /** Byte offset of the record's first byte in the decompressed stream. */
  byteOffset: number;
  /** 1-based line of the record's first byte. */
  line: number;
}

export type IdentityType =
  | "Root"
  | "IAMUser"
  | "AssumedRole"
  | "Role"
  | "FederatedUser"
  | "Directory"
  | "AWSAccount"
  | "AWSService"
  | "IdentityCenterUser"
  | "SAMLUser"
  | "WebIdentityUser"
  | "Unknown";

export interface NormalisedActor {
  /** Stable key the actor is stored under: one row per distinct principal. */
  key: string;
  type: IdentityType | string;
  /** What a human calls it: IAM user name, "role/session", "root", the service… */
  name: string;
  arn: string | null;
  principalId: string | null;
  accountId: string | null;
  /** For sessions: the role (or user) that issued it. */
  sessionIssuerArn: string | null;
  sessionIssuerName: string | null;
  sessionName: string | null;
  invokedBy: string | null;
}

export type UserAgentFamily = "console" | "aws-cli" | "sdk" | "terraform" | "cloudformation" | "aws-service" | "other";

export type ResourceKind =
  | "cache-cluster"
  | "replication-group"
  | "global-replication-group"
  | "serverless-cache"
  | "serverless-cache-snapshot"
  | "snapshot"
  | "parameter-group"
  | "subnet-group"
  | "security-group"
  | "user"
  | "user-group"
  | "reserved-node";

/** The part a resource played in an event. */
export type ResourceRole =
  | "target"
  | "member"
  | "source"
  | "destination"
  | "parameter-group"
  | "subnet-group"
  | "security-group"
  | "user-group"
  | "user"
  | "snapshot"
  | "primary"
  | "replication-group"
  | "global-datastore";

export interface ResourceRef {
  kind: ResourceKind;
  id: string;
  role: ResourceRole;
  /** Account and region of the resource; defaults to the event's, "" region for global datastores. */
  accountId: string;
  region: string;
}

export interface NormalisedEvent {
  eventId: string;
  eventTime: Date;
  eventName: string;
  eventSource: string;
  eventVersion: string | null;
  eventType: string | null;
  awsRegion: string;
  accountId: string;
  readOnly: boolean;
  errorCode: string | null;
  errorMessage: string | null;
  requestId: string | null;
  sourceIp: string | null;
  userAgent: string | null;
  userAgentFamily: UserAgentFamily;
  /** e.g. "Python" for boto3, "Go", "JavaScript"; null when not an SDK. */
  userAgentDetail: string | null;
  vpcEndpointId: string | null;
  accessKeyId: string | null;
  mfaAuthenticated: boolean | null;
  actor: NormalisedActor;
  resources: ResourceRef[];
  /** The record as stored: the original, with secrets replaced (see docs/architecture.md). */
  record: Record<string, unknown>;
  /** `record` as JSON text that jsonb accepts as is, when the ingest has it (the bytes read from the file). */
  recordJson?: Buffer;
  /** The record as stored (lib/events/record-codec.ts encodeRecord, with store.ts recordColumnValues), when a worker already encoded it. */
  recordData?: Buffer;
}

export type NormaliseResult = { ok: true; event: NormalisedEvent } | { ok: false; reason: string };
