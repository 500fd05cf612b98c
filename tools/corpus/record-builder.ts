// Assembles one CloudTrail record in the field order CloudTrail writes, with the fields that
// eventVersion 1.08–1.11 added (tlsDetails, sessionCredentialFromConsole, vpcEndpointAccountId…).

import type { Actor } from "./identities";
import type { CloudTrailRecord, JsonObject } from "./json";
import { weightedPicker, type Rng } from "./prng";
import { isoSeconds } from "./time-format";

export interface CallSpec {
  timeMs: number;
  eventSource: string;
  eventName: string;
  region: string;
  recipientAccountId: string;
  actor: Actor;
  requestParameters: JsonObject | null;
  responseElements: JsonObject | null;
  readOnly: boolean;
  error?: { code: string; message: string };
  additionalEventData?: JsonObject;
  resources?: JsonObject[];
  /** AwsApiCall unless said otherwise (AwsConsoleSignIn, AwsServiceEvent). */
  eventType?: string;
  /** S3 request ids are 16 upper-case hex characters; everything else uses UUIDs. */
  requestIdStyle?: "uuid" | "s3";
  apiVersion?: string;
  sharedEventID?: string;
  /** The endpoint host the client called, for tlsDetails; defaults to the regional endpoint. */
  host?: string;
}

const pickEventVersion = weightedPicker([
  ["1.08", 0.15],
  ["1.09", 0.3],
  ["1.10", 0.3],
  ["1.11", 0.25],
] as const);

const TLS_13 = ["TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384"];
const TLS_12 = ["ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA-AES256-GCM-SHA384"];

/** Calls from a network address carry tlsDetails; "AWS Internal" and service-to-service calls don't. */
function isNetworkAddress(source: string): boolean {
  return source !== "AWS Internal" && !source.endsWith(".amazonaws.com");
}

function tlsDetails(rng: Rng, host: string, version: string): JsonObject {
  const tls13 = rng.chance(0.8);
  return {
    tlsVersion: tls13 ? "TLSv1.3" : "TLSv1.2",
    cipherSuite: rng.pick(tls13 ? TLS_13 : TLS_12),
    clientProvidedHostHeader: host,
    // Post-quantum hybrid key exchange exists only in TLS 1.3.
    keyExchange:
      version === "1.11"
        ? rng.pick(tls13 ? ["x25519", "secp256r1", "X25519MLKEM768"] : ["x25519", "secp256r1"])
        : undefined,
  };
}

export function defaultHost(eventSource: string, region: string): string {
  return `${eventSource.replace(/\.amazonaws\.com$/, "")}.${region}.amazonaws.com`;
}

export function buildRecord(rng: Rng, spec: CallSpec): CloudTrailRecord {
  const eventVersion = pickEventVersion(rng);
  const { actor } = spec;
  const viaEndpoint = actor.vpcEndpointId !== undefined;
  return {
    eventVersion,
    userIdentity: actor.userIdentity,
    eventTime: isoSeconds(spec.timeMs),
    eventSource: spec.eventSource,
    eventName: spec.eventName,
    awsRegion: spec.region,
    sourceIPAddress: actor.sourceIPAddress,
    userAgent: actor.userAgent,
    errorCode: spec.error?.code || undefined, // failed console sign-ins have only a message
    errorMessage: spec.error?.message,
    requestParameters: spec.requestParameters,
    responseElements: spec.error?.code ? null : spec.responseElements,
    additionalEventData: spec.additionalEventData,
    requestID: spec.requestIdStyle === "s3" ? rng.hex(16).toUpperCase() : rng.uuid(),
    eventID: rng.uuid(),
    readOnly: spec.readOnly,
    resources: spec.resources,
    eventType: spec.eventType ?? "AwsApiCall",
    apiVersion: spec.apiVersion,
    managementEvent: true,
    recipientAccountId: spec.recipientAccountId,
    sharedEventID: spec.sharedEventID,
    vpcEndpointId: actor.vpcEndpointId,
    vpcEndpointAccountId: viaEndpoint && eventVersion !== "1.08" ? spec.recipientAccountId : undefined,
    eventCategory: "Management",
    tlsDetails: isNetworkAddress(actor.sourceIPAddress)
      ? tlsDetails(rng, spec.host ?? defaultHost(spec.eventSource, spec.region), eventVersion)
      : undefined,
    sessionCredentialFromConsole: actor.fromConsole ? "true" : undefined,
  };
}
