// The zod schema a raw CloudTrail record must satisfy before it becomes a NormalisedEvent.
// Built once at module load (schemas are costly to build, cheap to run). Each field carries its
// own message so a rejected record says exactly what was wrong ("missing eventID", "eventName must
// be a string, got number") — the person uploading the file needs that, not a zod issue dump.
// Objects are parsed in strip mode: the parsed value holds only the fields below, so unknown or
// hostile keys ("__proto__") never reach our code; the original record is kept separately.

import { z } from "zod";
import { isJsonObject, typeName } from "./json";
import { parseIsoTime } from "./time";

/** Longest text a field may hold; CloudTrail's own limits are far below these (1 KB for userAgent). */
const MAX = { id: 256, name: 256, text: 8192, arn: 2048 } as const;

/** Longest value quoted back in a reason, so a 100 KB bogus field doesn't become a 100 KB message. */
const QUOTE_LIMIT = 60;

function quote(value: string): string {
  const cut = value.length > QUOTE_LIMIT ? `${value.slice(0, QUOTE_LIMIT)}…` : value;
  return JSON.stringify(cut);
}

function typeError(name: string, expected: string) {
  return (iss: { input?: unknown }) =>
    iss.input === undefined ? `missing ${name}` : `${name} must be ${expected}, got ${typeName(iss.input)}`;
}

function tooLong(name: string, max: number) {
  return (iss: { input?: unknown }) =>
    `${name} is too long (${typeof iss.input === "string" ? iss.input.length : "?"} characters, at most ${max})`;
}

/** A string field that must be present and non-empty. */
function requiredString(name: string, max: number) {
  return z
    .string({ error: typeError(name, "a string") })
    .min(1, { error: `${name} is empty` })
    .max(max, { error: tooLong(name, max) });
}

/** A string field that may be absent or null (exports such as Athena write null for absent fields). */
function optionalString(name: string, max: number) {
  return z
    .string({ error: typeError(name, "a string") })
    .max(max, { error: tooLong(name, max) })
    .nullish();
}

/** An object field whose contents we do not traverse here (requestParameters can be 100 KB). */
function opaqueObject(name: string) {
  return z.custom<Record<string, unknown>>(isJsonObject, { error: typeError(name, "an object") }).nullish();
}

function object<T extends z.ZodRawShape>(name: string, shape: T) {
  return z.object(shape, { error: typeError(name, "an object") }).nullish();
}

/** CloudTrail writes booleans inside userIdentity as the strings "true"/"false"; some exports convert them. */
function booleanish(name: string) {
  return z
    .union([z.boolean(), z.string().max(16)], { error: typeError(name, 'a boolean or "true"/"false"') })
    .nullish();
}

const sessionIssuer = object("userIdentity.sessionContext.sessionIssuer", {
  type: optionalString("userIdentity.sessionContext.sessionIssuer.type", MAX.name),
  principalId: optionalString("userIdentity.sessionContext.sessionIssuer.principalId", MAX.arn),
  arn: optionalString("userIdentity.sessionContext.sessionIssuer.arn", MAX.arn),
  accountId: optionalString("userIdentity.sessionContext.sessionIssuer.accountId", MAX.id),
  userName: optionalString("userIdentity.sessionContext.sessionIssuer.userName", MAX.arn),
});

const sessionContext = object("userIdentity.sessionContext", {
  sessionIssuer,
  attributes: object("userIdentity.sessionContext.attributes", {
    creationDate: optionalString("userIdentity.sessionContext.attributes.creationDate", MAX.id),
    mfaAuthenticated: booleanish("userIdentity.sessionContext.attributes.mfaAuthenticated"),
  }),
  sourceIdentity: optionalString("userIdentity.sessionContext.sourceIdentity", MAX.arn),
});

export const userIdentitySchema = object("userIdentity", {
  type: optionalString("userIdentity.type", MAX.name),
  principalId: optionalString("userIdentity.principalId", MAX.arn),
  arn: optionalString("userIdentity.arn", MAX.arn),
  accountId: optionalString("userIdentity.accountId", MAX.id),
  accessKeyId: optionalString("userIdentity.accessKeyId", MAX.id),
  userName: optionalString("userIdentity.userName", MAX.arn),
  invokedBy: optionalString("userIdentity.invokedBy", MAX.arn),
  identityProvider: optionalString("userIdentity.identityProvider", MAX.arn),
  credentialId: optionalString("userIdentity.credentialId", MAX.arn),
  sessionContext,
  onBehalfOf: object("userIdentity.onBehalfOf", {
    userId: optionalString("userIdentity.onBehalfOf.userId", MAX.arn),
    identityStoreArn: optionalString("userIdentity.onBehalfOf.identityStoreArn", MAX.arn),
  }),
});

/** userIdentity as validated: every field optional, as CloudTrail documents. */
export type UserIdentity = NonNullable<z.infer<typeof userIdentitySchema>>;

const eventTime = requiredString("eventTime", MAX.id).transform((text, ctx) => {
  const date = parseIsoTime(text);
  if (date === null) {
    ctx.issues.push({ code: "custom", input: text, message: `eventTime ${quote(text)} is not an ISO-8601 time` });
    return z.NEVER;
  }
  return date;
});

export const recordSchema = z.object(
  {
    // The three fields without which an event cannot be identified, ordered so the first
    // reason reported is the most fundamental one.
    eventID: requiredString("eventID", MAX.id),
    eventTime,
    eventName: requiredString("eventName", MAX.name),
    eventSource: optionalString("eventSource", MAX.name),
    eventVersion: optionalString("eventVersion", MAX.id),
    eventType: optionalString("eventType", MAX.name),
    eventCategory: optionalString("eventCategory", MAX.name),
    awsRegion: optionalString("awsRegion", MAX.name),
    recipientAccountId: optionalString("recipientAccountId", MAX.id),
    userIdentity: userIdentitySchema,
    sourceIPAddress: optionalString("sourceIPAddress", MAX.arn),
    userAgent: optionalString("userAgent", MAX.text),
    errorCode: optionalString("errorCode", MAX.text),
    errorMessage: optionalString("errorMessage", MAX.text),
    requestID: optionalString("requestID", MAX.id),
    sharedEventID: optionalString("sharedEventID", MAX.id),
    apiVersion: optionalString("apiVersion", MAX.name),
    vpcEndpointId: optionalString("vpcEndpointId", MAX.name),
    vpcEndpointAccountId: optionalString("vpcEndpointAccountId", MAX.id),
    sessionCredentialFromConsole: booleanish("sessionCredentialFromConsole"),
    readOnly: booleanish("readOnly"),
    managementEvent: booleanish("managementEvent"),
    requestParameters: opaqueObject("requestParameters"),
    responseElements: opaqueObject("responseElements"),
    additionalEventData: opaqueObject("additionalEventData"),
    serviceEventDetails: opaqueObject("serviceEventDetails"),
    resources: z.custom<unknown[]>(Array.isArray, { error: typeError("resources", "an array") }).nullish(),
  },
  { error: (iss) => `record must be an object, got ${typeName(iss.input)}` },
);

export type ParsedRecord = z.infer<typeof recordSchema>;

/** "true"/true → true, "false"/false → false, anything else (absent, "yes") → null. */
export function toBoolean(value: boolean | string | null | undefined): boolean | null {
  if (value === true || value === "true") return true;
  if (value === false || value === "false") return false;
  return null;
}
