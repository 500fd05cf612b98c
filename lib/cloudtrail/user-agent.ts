// Which tool made a call, from the userAgent string CloudTrail records. The order of the checks
// is the point of this module: tools embed each other (Terraform's provider is the Go SDK, the
// AWS CLI v1 is botocore, CloudShell runs the CLI with console credentials), so the most
// specific tool must be recognised before the library it is built on.

import type { UserAgentFamily } from "./types";

export interface UserAgentClass {
  family: UserAgentFamily;
  /** The SDK's language ("Python", "Go", …); null for everything that is not an SDK. */
  detail: string | null;
}

/** What the classifier needs to know about the caller besides the user agent. */
export interface UserAgentIdentity {
  type: string;
  invokedBy?: string | null;
  /** The record's sessionCredentialFromConsole: the credentials came from a console session. */
  fromConsole?: boolean;
}

const TERRAFORM = /\b(?:Terraform|OpenTofu)\/|terraform-provider-aws\//i;
const CLOUDFORMATION = "cloudformation.amazonaws.com";
const AWS_CLI = /(?:^|\s)aws-cli\/|^Amazon CLI\//i;
/** The console's own host names: console.amazonaws.com, elasticache.console.amazonaws.com, signin…. */
const CONSOLE_HOST = /^(?:[\w-]+\.)*(?:console|signin)\.amazonaws\.com$|^(?:[\w-]+\.)*console\.aws\.amazon\.com$/i;
/** A bare host name such as "elasticache.amazonaws.com": one AWS service calling another. */
const SERVICE_HOST = /^[\w.-]+\.amazonaws\.com$/i;
const BROWSER = /^Mozilla\//;

// Leftmost match wins, so "Boto3/1.34 md/Botocore#1.34" is Python and, within one position,
// the longer alternative is listed first (aws-sdk-go-v2 before aws-sdk-go). No trailing \b:
// names run on into versions ("aws-sdk-ruby3/3.190", "aws-sdk-dotnet-coreclr/3.7").
const SDK_NAMES = [
  "boto3",
  "botocore",
  "aws-sdk-go-v2",
  "aws-sdk-go",
  "aws-sdk-nodejs",
  "aws-sdk-js",
  "aws-sdk-java",
  "aws-sdk-kotlin",
  "aws-sdk-dotnet",
  "aws-sdk-net",
  "aws-sdk-ruby",
  "aws-sdk-php",
  "aws-sdk-rust",
  "aws-sdk-cpp",
  "aws-sdk-swift",
];
const SDK = new RegExp(`\\b(${SDK_NAMES.join("|")})`, "i");
const SDK_LANGUAGE: Readonly<Record<string, string>> = {
  boto3: "Python",
  botocore: "Python",
  "aws-sdk-go-v2": "Go",
  "aws-sdk-go": "Go",
  "aws-sdk-nodejs": "JavaScript",
  "aws-sdk-js": "JavaScript",
  "aws-sdk-java": "Java",
  "aws-sdk-kotlin": "Kotlin",
  "aws-sdk-dotnet": ".NET",
  "aws-sdk-net": ".NET",
  "aws-sdk-ruby": "Ruby",
  "aws-sdk-php": "PHP",
  "aws-sdk-rust": "Rust",
  "aws-sdk-cpp": "C++",
  "aws-sdk-swift": "Swift",
};

const plain = (family: UserAgentFamily): UserAgentClass => ({ family, detail: null });

export function classifyUserAgent(ua: string | null, identity: UserAgentIdentity): UserAgentClass {
  const agent = ua?.trim() ?? "";
  const fromConsole = identity.fromConsole === true;
  const isService = identity.type === "AWSService";

  if (agent === "") {
    if (isService) return plain("aws-service");
    return plain(fromConsole ? "console" : "other");
  }
  if (TERRAFORM.test(agent)) return plain("terraform");
  if (agent.toLowerCase().includes(CLOUDFORMATION) || identity.invokedBy === CLOUDFORMATION) {
    return plain("cloudformation");
  }
  if (AWS_CLI.test(agent)) return plain("aws-cli");
  if (CONSOLE_HOST.test(agent)) return plain("console");
  // "AWS Internal" or a browser string with console credentials is the console acting for a user;
  // the same strings without them are AWS calling on its own account.
  if (fromConsole && (agent === "AWS Internal" || BROWSER.test(agent))) return plain("console");
  // Services call with SDK user agents ("aws-internal/3 aws-sdk-java/1.12"); the caller matters more.
  if (isService) return plain("aws-service");

  const sdk = SDK.exec(agent);
  if (sdk?.[1]) return { family: "sdk", detail: SDK_LANGUAGE[sdk[1].toLowerCase()] ?? null };

  if (agent === "AWS Internal" || SERVICE_HOST.test(agent)) return plain("aws-service");
  return plain("other");
}
