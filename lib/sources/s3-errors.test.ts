import { NoSuchBucket, NoSuchKey, S3ServiceException } from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { CredentialsError, describeS3Error, type S3Context } from "./s3-errors";

// Errors built as the AWS SDK builds them (its own exception classes, status and headers).

const list: S3Context = {
  action: "list",
  bucket: "acme-trail",
  prefix: "org/",
  region: "us-east-1",
  endpoint: null,
};
const get: S3Context = { ...list, action: "get", key: "org/AWSLogs/111122223333/CloudTrail/x.json.gz" };

function serviceError(name: string, status: number, extra: Record<string, unknown> = {}) {
  return Object.assign(
    new S3ServiceException({
      name,
      $fault: status >= 500 ? "server" : "client",
      $metadata: { httpStatusCode: status },
      message: name,
    }),
    extra,
  );
}

function networkError(code: string) {
  return Object.assign(new Error(`connect ${code} 127.0.0.1:9`), { code });
}

describe("describeS3Error", () => {
  it("names the permission a denied listing or download needs", () => {
    expect(describeS3Error(serviceError("AccessDenied", 403), list)).toEqual({
      code: "access-denied",
      message:
        "Access denied listing s3://acme-trail/org/: the credentials need s3:ListBucket on arn:aws:s3:::acme-trail (for the prefix org/).",
      retryable: true,
    });
    expect(
      describeS3Error(serviceError("AccessDenied", 403), { ...get, roleArn: "arn:aws:iam::111122223333:role/reader" })
        .message,
    ).toBe(
      "Access denied reading s3://acme-trail/org/AWSLogs/111122223333/CloudTrail/x.json.gz: " +
        "the role arn:aws:iam::111122223333:role/reader need s3:GetObject on arn:aws:s3:::acme-trail/org/*.",
    );
  });

  it("tells a missing bucket from a key deleted after it was listed", () => {
    const bucket = new NoSuchBucket({
      message: "The specified bucket does not exist",
      $metadata: { httpStatusCode: 404 },
    });
    expect(describeS3Error(bucket, list)).toEqual({
      code: "no-such-bucket",
      message: 'There is no bucket named "acme-trail" at AWS S3 in us-east-1.',
      retryable: false,
    });
    const key = new NoSuchKey({ message: "The specified key does not exist.", $metadata: { httpStatusCode: 404 } });
    expect(describeS3Error(key, get).code).toBe("no-such-key");
  });

  it("names the bucket's region when S3 answers from the wrong one", () => {
    const redirect = serviceError("PermanentRedirect", 301, {
      $response: { headers: { "x-amz-bucket-region": "eu-west-1" } },
    });
    expect(describeS3Error(redirect, list)).toEqual({
      code: "wrong-region",
      message: "The bucket acme-trail is in eu-west-1, not us-east-1: set the bucket region to eu-west-1.",
      retryable: false,
    });
    const malformed = serviceError("AuthorizationHeaderMalformed", 400, { Region: "ap-southeast-2" });
    expect(describeS3Error(malformed, list).message).toBe(
      "The bucket acme-trail is in ap-southeast-2, not us-east-1: set the bucket region to ap-southeast-2.",
    );
    expect(describeS3Error(serviceError("301", 301), list).message).toBe(
      "The bucket acme-trail is not in us-east-1 (S3 answered 301): check the bucket region.",
    );
  });

  it("tells an unreachable endpoint from a connection that broke mid-download", () => {
    expect(describeS3Error(networkError("ECONNREFUSED"), { ...list, endpoint: "http://127.0.0.1:9" })).toEqual({
      code: "unreachable",
      message: "Cannot reach the S3 endpoint http://127.0.0.1:9: connection refused (ECONNREFUSED).",
      retryable: true,
    });
    const refusedTwice = Object.assign(new AggregateError([networkError("ECONNREFUSED")]), {});
    expect(describeS3Error(refusedTwice, list).code).toBe("unreachable");
    expect(describeS3Error(networkError("ECONNRESET"), get)).toEqual({
      code: "network",
      message:
        "Network error reading s3://acme-trail/org/AWSLogs/111122223333/CloudTrail/x.json.gz: connection reset (ECONNRESET).",
      retryable: true,
    });
  });

  it("says which part of the credentials is wrong", () => {
    expect(describeS3Error(serviceError("InvalidAccessKeyId", 403), list).code).toBe("invalid-credentials");
    expect(describeS3Error(serviceError("SignatureDoesNotMatch", 403), list).message).toBe(
      "The secret access key does not match the access key id (SignatureDoesNotMatch).",
    );
    expect(describeS3Error(serviceError("ExpiredToken", 400), list).code).toBe("invalid-credentials");
    const none = new CredentialsError("no-credentials", "No AWS credentials found");
    expect(describeS3Error(none, list)).toEqual({
      code: "no-credentials",
      message: "No AWS credentials found",
      retryable: false,
    });
  });

  it("retries throttling and server errors, not other client errors", () => {
    expect(describeS3Error(serviceError("SlowDown", 503), get)).toMatchObject({ code: "throttled", retryable: true });
    expect(describeS3Error(serviceError("InternalError", 500), get)).toMatchObject({ code: "other", retryable: true });
    expect(describeS3Error(serviceError("InvalidRequest", 400), get)).toMatchObject({
      code: "other",
      retryable: false,
    });
  });
});
