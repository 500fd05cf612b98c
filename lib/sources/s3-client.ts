import http from "node:http";
import https from "node:https";
import { S3Client, type S3ClientConfig } from "@aws-sdk/client-s3";
import { fromNodeProviderChain, fromTemporaryCredentials } from "@aws-sdk/credential-providers";
import type { AccessKeys } from "./schemas";
import { CredentialsError } from "./s3-errors";

// The S3 client of one source: the bucket's region, an optional S3-compatible endpoint, and
// credentials from the SDK's default provider chain or the source's own keys, optionally
// exchanged for a role's. Failures to obtain credentials are told apart from S3's answers.

export interface BucketSettings {
  bucket: string;
  /** "" or ending in "/" (lib/sources/layout.ts normalisePrefix). */
  prefix: string;
  region: string;
  endpoint: string | null;
  forcePathStyle: boolean;
}

export interface ConnectionSettings extends BucketSettings {
  credentials: { mode: "default" } | { mode: "keys"; keys: AccessKeys };
  roleArn: string | null;
}

type CredentialProvider = Extract<NonNullable<S3ClientConfig["credentials"]>, (...args: never[]) => unknown>;

/** The source's credentials as an SDK provider: also what ListPublicKeys is called with (lib/completeness). */
export function credentialsFor(settings: ConnectionSettings): CredentialProvider {
  const base: CredentialProvider =
    settings.credentials.mode === "keys"
      ? async () => (settings.credentials as { keys: AccessKeys }).keys
      : fromNodeProviderChain();
  const provider: CredentialProvider = settings.roleArn
    ? fromTemporaryCredentials({
        params: { RoleArn: settings.roleArn, RoleSessionName: "cachetrail-s3-sync" },
        masterCredentials: base,
        clientConfig: { region: settings.region },
      })
    : base;
  return async (props) => {
    try {
      return await provider(props);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      if (settings.roleArn)
        throw new CredentialsError("assume-role-failed", `Could not assume the role ${settings.roleArn}: ${detail}`);
      throw new CredentialsError(
        "no-credentials",
        "No AWS credentials found: the default provider chain (environment variables, shared profile, container or " +
          `instance role) has none here (${detail}). Enter an access key pair, or give the server credentials.`,
      );
    }
  };
}

export function createS3Client(settings: ConnectionSettings, { maxSockets = 16 } = {}): S3Client {
  return new S3Client({
    region: settings.region,
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    forcePathStyle: settings.forcePathStyle,
    credentials: credentialsFor(settings),
    // Don't follow a wrong region silently: the person is told the right one (s3-errors.ts).
    followRegionRedirects: false,
    requestHandler: {
      connectionTimeout: 5_000,
      // Between bytes, not for the whole body: a 50 MB object on a slow link still arrives.
      requestTimeout: 60_000,
      httpAgent: new http.Agent({ keepAlive: true, maxSockets }),
      httpsAgent: new https.Agent({ keepAlive: true, maxSockets }),
    },
  });
}
