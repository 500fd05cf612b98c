import { describe, expect, it } from "vitest";
import { agentFamilyLabel, identityTypeLabel } from "./labels";

describe("Actors labels", () => {
  it("names SDKs by language and the other families by tool", () => {
    expect(agentFamilyLabel("sdk", "Python")).toBe("SDK (Python)");
    expect(agentFamilyLabel("sdk", "")).toBe("SDK (unknown language)");
    expect(agentFamilyLabel("aws-cli", "")).toBe("AWS CLI");
    expect(agentFamilyLabel("cloudformation", null)).toBe("CloudFormation");
    expect(agentFamilyLabel("brand-new", "")).toBe("brand-new");
  });

  it("reads identity types, keeping ones CloudTrail adds later as written", () => {
    expect(identityTypeLabel("AssumedRole")).toBe("Assumed role");
    expect(identityTypeLabel("AWSAccount")).toBe("Other AWS account");
    expect(identityTypeLabel("AgentIdentity")).toBe("AgentIdentity");
  });
});
