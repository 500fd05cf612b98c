import type { S3ErrorCode } from "./schemas";

// What went wrong talking to S3, in words a person can act on, pure: the AWS SDK's errors
// (service errors by name and status, network errors by their Node code) mapped to a stable
// code, a message naming the bucket, key, region or permission at stake, and whether trying
// again later can help.

export interface S3Failure {
  code: S3ErrorCode;
  message: string;
  retryable: boolean;
}

export interface S3Context {
  action: "list" | "get";
  bucket: string;
  prefix: string;
  key?: string;
  region: string;
  endpoint: string | null;
  roleArn?: string | null;
}

/** Thrown by the credential providers of lib/sources/s3-client.ts, so their failures are not taken for S3's. */
export class CredentialsError extends Error {
  constructor(
    readonly code: "no-credentials" | "assume-role-failed" | "invalid-credentials",
    message: string,
  ) {
    super(message);
    this.name = "CredentialsError";
  }
}

interface SdkErrorShape {
  name?: string;
  message?: string;
  code?: string;
  Code?: string;
  Region?: string;
  BucketRegion?: string;
  errors?: { code?: string }[];
  $metadata?: { httpStatusCode?: number };
  $response?: { headers?: Record<string, string | undefined> };
}

const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ENOTFOUND: "host not found",
  EAI_AGAIN: "name lookup failed",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  ETIMEDOUT: "connection timed out",
  ECONNRESET: "connection reset",
  EPIPE: "connection closed",
  ECONNABORTED: "connection aborted",
  UND_ERR_SOCKET: "connection closed",
};

function networkCode(e: SdkErrorShape): string | null {
  const code = e.code ?? e.errors?.find((x) => x.code)?.code;
  if (code && code in NETWORK_CODES) return code;
  if (e.name === "TimeoutError") return "ETIMEDOUT";
  return null;
}

export function endpointLabel(context: Pick<S3Context, "endpoint" | "region">): string {
  return context.endpoint ?? `AWS S3 in ${context.region}`;
}

function location(c: S3Context): string {
  return c.key ? `s3://${c.bucket}/${c.key}` : `s3://${c.bucket}/${c.prefix}`;
}

/** The region S3 names when a request went to the wrong one: a header on 301s, an XML field on 400s. */
function rightRegion(e: SdkErrorShape): string | null {
  return e.$response?.headers?.["x-amz-bucket-region"] ?? e.Region ?? e.BucketRegion ?? null;
}

export function describeS3Error(error: unknown, context: S3Context): S3Failure {
  if (error instanceof CredentialsError)
    return { code: error.code, message: error.message, retryable: error.code === "assume-role-failed" };
  const e = (typeof error === "object" && error !== null ? error : { message: String(error) }) as SdkErrorShape;
  const name = e.name ?? e.Code ?? "";
  const status = e.$metadata?.httpStatusCode;
  const network = networkCode(e);
  const where = location(context);

  if (network) {
    const what = NETWORK_CODES[network]!;
    // Failing to connect at all is a wrong endpoint or a network outage; failing mid-transfer is a blip.
    return ["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"].includes(network)
      ? {
          code: "unreachable",
          message: `Cannot reach the S3 endpoint ${endpointLabel(context)}: ${what} (${network}).`,
          retryable: true,
        }
      : { code: "network", message: `Network error reading ${where}: ${what} (${network}).`, retryable: true };
  }
  if (name === "NoSuchBucket")
    return {
      code: "no-such-bucket",
      message: `There is no bucket named "${context.bucket}" at ${endpointLabel(context)}.`,
      retryable: false,
    };
  if (name === "NoSuchKey" || (context.action === "get" && status === 404))
    return {
      code: "no-such-key",
      message: `${where} no longer exists: it was deleted after it was listed.`,
      retryable: false,
    };
  const region = rightRegion(e);
  if (
    name === "PermanentRedirect" ||
    name === "AuthorizationHeaderMalformed" ||
    name === "IllegalLocationConstraintException" ||
    status === 301 ||
    (region !== null && region !== context.region)
  )
    return {
      code: "wrong-region",
      message:
        region && region !== context.region
          ? `The bucket ${context.bucket} is in ${region}, not ${context.region}: set the bucket region to ${region}.`
          : `The bucket ${context.bucket} is not in ${context.region} (S3 answered ${name || status}): check the bucket region.`,
      retryable: false,
    };
  if (name === "InvalidAccessKeyId")
    return {
      code: "invalid-credentials",
      message: "The access key id is not one AWS knows (InvalidAccessKeyId): check the key, or whether it was deleted.",
      retryable: false,
    };
  if (name === "SignatureDoesNotMatch")
    return {
      code: "invalid-credentials",
      message: "The secret access key does not match the access key id (SignatureDoesNotMatch).",
      retryable: false,
    };
  if (name === "ExpiredToken" || name === "TokenRefreshRequired" || name === "InvalidToken")
    return {
      code: "invalid-credentials",
      message: `The session token has expired or is not valid (${name}).`,
      retryable: false,
    };
  if (name === "AccessDenied" || name === "AllAccessDisabled" || status === 403) {
    const permission =
      context.action === "list"
        ? `s3:ListBucket on arn:aws:s3:::${context.bucket}${context.prefix ? ` (for the prefix ${context.prefix})` : ""}`
        : `s3:GetObject on arn:aws:s3:::${context.bucket}/${context.prefix}*`;
    const who = context.roleArn ? `the role ${context.roleArn}` : "the credentials";
    return {
      code: "access-denied",
      message: `Access denied ${context.action === "list" ? "listing" : "reading"} ${where}: ${who} need ${permission}.`,
      retryable: true,
    };
  }
  if (name === "SlowDown" || name === "ThrottlingException" || name === "ServiceUnavailable" || status === 503)
    return {
      code: "throttled",
      message: `S3 asked to slow down reading ${where} (${name || status}).`,
      retryable: true,
    };
  const detail = e.message && e.message !== name ? `: ${e.message}` : "";
  return {
    code: "other",
    message: `S3 error ${context.action === "list" ? "listing" : "reading"} ${where} (${name || status || "unknown"})${detail}`,
    retryable: status === undefined || status >= 500,
  };
}
