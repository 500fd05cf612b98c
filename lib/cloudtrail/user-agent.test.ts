import { describe, expect, it } from "vitest";
import { classifyUserAgent, type UserAgentIdentity } from "./user-agent";

const user: UserAgentIdentity = { type: "IAMUser" };
const consoleSession: UserAgentIdentity = { type: "AssumedRole", fromConsole: true };
const service: UserAgentIdentity = { type: "AWSService", invokedBy: "elasticache.amazonaws.com" };

describe("classifyUserAgent", () => {
  it.each<[string | null, UserAgentIdentity, string, string | null]>([
    // console
    ["console.amazonaws.com", user, "console", null],
    ["elasticache.console.amazonaws.com", user, "console", null],
    ["signin.amazonaws.com", user, "console", null],
    ["AWS Internal", consoleSession, "console", null],
    ["Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36", consoleSession, "console", null],
    [null, consoleSession, "console", null],
    // CLI, including the old ElastiCache CLI of the seed records, and CloudShell (console credentials)
    [
      "aws-cli/2.15.0 Python/3.11.6 Linux/5.10 exe/x86_64.amzn.2 prompt/off command/elasticache.describe-cache-clusters",
      user,
      "aws-cli",
      null,
    ],
    ["aws-cli/1.18.69 Python/3.8.10 Linux/5.4 botocore/1.16.19", user, "aws-cli", null],
    ["Amazon CLI/ElastiCache 1.10 API 2014-12-01", user, "aws-cli", null],
    ["aws-cli/2.15.0 Python/3.11.6 Linux/6.1 exec-env/CloudShell exe/x86_64", consoleSession, "aws-cli", null],
    // SDKs with their language
    ["Boto3/1.34.0 md/Botocore#1.34.0 ua/2.0 os/linux#6.1 md/arch#x86_64 lang/python#3.11.6", user, "sdk", "Python"],
    ["botocore/1.29.0 Python/3.9 Linux/5.10", user, "sdk", "Python"],
    ["aws-sdk-go/1.44.300 (go1.20.5; linux; amd64)", user, "sdk", "Go"],
    ["aws-sdk-go-v2/1.21.0 os/linux lang/go#1.21.0 md/GOOS#linux api/elasticache#1.29.0", user, "sdk", "Go"],
    [
      "aws-sdk-js/3.450.0 ua/2.0 os/linux#5.10 lang/js md/nodejs#18.18.2 api/elasticache#3.450.0",
      user,
      "sdk",
      "JavaScript",
    ],
    ["aws-sdk-nodejs/2.1450.0 linux/v18.17.0 callback", user, "sdk", "JavaScript"],
    ["aws-sdk-java/1.12.500 Linux/5.10 OpenJDK_64-Bit_Server_VM/17.0.8", user, "sdk", "Java"],
    [
      "aws-sdk-java/2.20.0 Linux/5.10 OpenJDK_64-Bit_Server_VM/17 Java/17 vendor/Amazon.com_Inc. io/sync",
      user,
      "sdk",
      "Java",
    ],
    ["aws-sdk-dotnet-coreclr/3.7.300.1 aws-sdk-dotnet-core/3.7.300 .NET_Core/6.0 OS/Linux", user, "sdk", ".NET"],
    ["aws-sdk-ruby3/3.190.0 ruby/3.2.2 x86_64-linux aws-sdk-elasticache/1.95.0", user, "sdk", "Ruby"],
    ["aws-sdk-php/3.283.0 OS/Linux/5.10 lang/php#8.2", user, "sdk", "PHP"],
    ["aws-sdk-rust/1.0.1 os/linux lang/rust#1.74.0", user, "sdk", "Rust"],
    ["aws-sdk-cpp/1.11.200 Linux/5.10 x86_64 GCC/11", user, "sdk", "C++"],
    // Terraform wins over the Go SDK it embeds
    [
      "APN/1.0 HashiCorp/1.0 Terraform/1.6.0 (+https://www.terraform.io) terraform-provider-aws/5.25.0 " +
        "(+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go/1.47.9 (go1.20.10; linux; amd64)",
      user,
      "terraform",
      null,
    ],
    [
      "aws-sdk-go-v2/1.24.0 os/linux lang/go#1.21 APN/1.0 HashiCorp/1.0 Terraform/1.7.0 terraform-provider-aws/5.31.0",
      user,
      "terraform",
      null,
    ],
    // CloudFormation, by user agent or by the identity it acts through
    ["cloudformation.amazonaws.com", user, "cloudformation", null],
    [
      "aws-sdk-java/1.12.500",
      { type: "AssumedRole", invokedBy: "cloudformation.amazonaws.com" },
      "cloudformation",
      null,
    ],
    // AWS services
    ["elasticache.amazonaws.com", user, "aws-service", null],
    ["aws-internal/3 aws-sdk-java/1.12.500 Linux/5.10", service, "aws-service", null],
    [null, service, "aws-service", null],
    ["AWS Internal", user, "aws-service", null],
    // anything else
    [null, user, "other", null],
    ["", user, "other", null],
    ["curl/8.4.0", user, "other", null],
    ["Mozilla/5.0 (X11; Linux x86_64)", user, "other", null],
    ["<script>alert(1)</script>", user, "other", null],
  ])("%j → %s", (ua, identity, family, detail) => {
    expect(classifyUserAgent(ua, identity)).toEqual({ family, detail });
  });
});
