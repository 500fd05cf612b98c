// How the Actors pages name a user-agent family and an identity type. Pure.

const FAMILY_LABELS: Readonly<Record<string, string>> = {
  console: "Console",
  "aws-cli": "AWS CLI",
  sdk: "SDK",
  terraform: "Terraform",
  cloudformation: "CloudFormation",
  "aws-service": "AWS service",
  other: "Other",
};

/** "SDK (Python)", "AWS CLI", "Console"… */
export function agentFamilyLabel(family: string, detail: string | null): string {
  const label = FAMILY_LABELS[family] ?? family;
  return family === "sdk" ? `${label} (${detail || "unknown language"})` : label;
}

const TYPE_LABELS: Readonly<Record<string, string>> = {
  IAMUser: "IAM user",
  AssumedRole: "Assumed role",
  Root: "Root",
  AWSService: "AWS service",
  AWSAccount: "Other AWS account",
  FederatedUser: "Federated user",
  SAMLUser: "SAML user",
  WebIdentityUser: "Web identity user",
  IdentityCenterUser: "Identity Center user",
  Role: "IAM role",
  Directory: "Directory user",
  Unknown: "Unknown",
};

/** A readable name for CloudTrail's userIdentity.type; types it adds later read as written. */
export function identityTypeLabel(type: string): string {
  return TYPE_LABELS[type] ?? type;
}
