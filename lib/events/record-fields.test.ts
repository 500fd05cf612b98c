import { describe, expect, it } from "vitest";
import { normaliseRecord } from "@/lib/cloudtrail/normalise";
import { testRecord } from "@/tests/fixtures/event-records";
import { recordOnlyFields } from "./record-fields";

describe("recordOnlyFields", () => {
  it("reads what normalise stored when the event had columns for them", () => {
    const records = [
      testRecord({ eventID: "a", vpcEndpointId: "vpce-0123456789abcdef0" }),
      testRecord({ eventID: "b", eventSource: "", eventVersion: "", eventType: undefined }),
      testRecord({ eventID: "c", eventVersion: "1.08", eventType: "AwsServiceEvent" }),
    ];
    for (const record of records) {
      const result = normaliseRecord(record);
      if (!result.ok) throw new Error(result.reason);
      const e = result.event;
      expect(recordOnlyFields(e.record)).toEqual({
        eventSource: e.eventSource,
        eventVersion: e.eventVersion,
        eventType: e.eventType,
        vpcEndpointId: e.vpcEndpointId,
      });
    }
  });

  it("gives blanks as normalise did: no source is '', other absent or empty values null", () => {
    expect(recordOnlyFields({})).toEqual({ eventSource: "", eventVersion: null, eventType: null, vpcEndpointId: null });
    expect(recordOnlyFields({ eventSource: "", eventVersion: "", eventType: "", vpcEndpointId: "" })).toEqual({
      eventSource: "",
      eventVersion: null,
      eventType: null,
      vpcEndpointId: null,
    });
  });

  it("shows a NUL as U+FFFD, as the text columns held it", () => {
    expect(recordOnlyFields({ eventSource: "elasticache\u0000.amazonaws.com" }).eventSource).toBe(
      "elasticache\uFFFD.amazonaws.com",
    );
  });
});
