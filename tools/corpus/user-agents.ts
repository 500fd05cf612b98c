// User-agent strings of the clients that call AWS APIs. Versions are fixed per principal when it
// is created (a CI runner doesn't upgrade Terraform between two calls); the operation and service
// parts follow each call, as the real SDKs and the CLI do.

import type { Rng } from "./prng";

export type ClientKind = "console" | "aws-cli" | "boto3" | "go-v1" | "go-v2" | "js-v3" | "terraform" | "service";

export interface Client {
  kind: ClientKind;
  userAgent(service: string, eventName: string, rng: Rng): string;
}

const BROWSERS = [
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/123.0.0.0 Safari/537.36 Edg/123.0.2420.97",
  "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Safari/605.1.15",
];

const LINUX_KERNELS = ["5.10.213-201.855.amzn2.x86_64", "6.1.84-99.169.amzn2023.x86_64", "5.15.0-1058-aws"];

/** "DescribeCacheClusters" → "describe-cache-clusters", the CLI command name. Lambda's dated names lose the date. */
export function kebabOperation(eventName: string): string {
  return eventName
    .replace(/\d{8}(v\d+)?$/, "")
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .toLowerCase();
}

/** The SDK's service id for an eventSource ("monitoring.amazonaws.com" → "cloudwatch"). */
export function sdkServiceId(eventSource: string): string {
  const prefix = eventSource.replace(/\.amazonaws\.com$/, "");
  return prefix === "monitoring" ? "cloudwatch" : prefix;
}

export function consoleClient(rng: Rng): Client {
  const browser = rng.pick(BROWSERS);
  return { kind: "console", userAgent: () => browser };
}

export function awsCliClient(rng: Rng): Client {
  const version = `2.15.${rng.between(10, 58)}`;
  const os = rng.pick(["macos#23.4.0", "linux#6.5.0-1018-aws", "windows#10"]);
  const arch = os.startsWith("macos") ? "arm64" : "x86_64";
  return {
    kind: "aws-cli",
    userAgent: (service, eventName) =>
      `aws-cli/${version} md/awscrt#0.19.19 ua/2.0 os/${os} md/arch#${arch} lang/python#3.11.8 md/pyimpl#CPython ` +
      `cfg/retry-mode#standard md/installer#exe md/prompt#off md/command#${service}.${kebabOperation(eventName)}`,
  };
}

export function boto3Client(rng: Rng): Client {
  const patch = rng.between(40, 110);
  const kernel = rng.pick(LINUX_KERNELS);
  return {
    kind: "boto3",
    userAgent: () =>
      `Boto3/1.34.${patch} md/Botocore#1.34.${patch} ua/2.0 os/linux#${kernel} md/arch#x86_64 lang/python#3.12.2 ` +
      `md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.${patch}`,
  };
}

export function goV1Client(rng: Rng): Client {
  const version = `1.50.${rng.between(10, 40)}`;
  return { kind: "go-v1", userAgent: () => `aws-sdk-go/${version} (go1.21.8; linux; amd64)` };
}

export function goV2Client(rng: Rng): Client {
  const core = `1.26.${rng.between(0, 2)}`;
  const api = `1.${rng.between(30, 40)}.${rng.between(0, 9)}`;
  return {
    kind: "go-v2",
    userAgent: (service) =>
      `aws-sdk-go-v2/${core} os/linux lang/go#1.22.2 md/GOOS#linux md/GOARCH#amd64 api/${service}#${api}`,
  };
}

export function jsV3Client(rng: Rng, onLambda: boolean): Client {
  const version = `3.${rng.between(540, 590)}.0`;
  const kernel = rng.pick(LINUX_KERNELS);
  const env = onLambda ? " exec-env/AWS_Lambda_nodejs20.x" : "";
  return {
    kind: "js-v3",
    userAgent: (service) =>
      `aws-sdk-js/${version} ua/2.1 os/linux#${kernel} lang/js md/nodejs#20.12.2 api/${service}#${version}${env}`,
  };
}

export function terraformClient(rng: Rng): Client {
  const terraform = `1.6.${rng.between(0, 6)}`;
  const provider = `5.${rng.between(25, 45)}.0`;
  const sdk = `1.${rng.between(24, 26)}.${rng.between(0, 3)}`;
  return {
    kind: "terraform",
    userAgent: (service) =>
      `APN/1.0 HashiCorp/1.0 Terraform/${terraform} (+https://www.terraform.io) terraform-provider-aws/${provider} ` +
      `(+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/${sdk} os/linux lang/go#1.21.5 ` +
      `md/GOOS#linux md/GOARCH#amd64 api/${service}#1.34.6`,
  };
}

/** AWS services acting for a principal put their own host name in userAgent (and sourceIPAddress). */
export function serviceClient(host: string): Client {
  return { kind: "service", userAgent: () => host };
}
