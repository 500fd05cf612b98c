import { describe, expect, it } from "vitest";
import {
  addDays,
  dayFolder,
  daysBetween,
  folderName,
  isDay,
  normalisePrefix,
  parseS3Url,
  parseTrailKey,
  streamFolder,
  streamId,
} from "./layout";

const account = { orgId: null, account: "111122223333", region: "eu-west-1" };
const inOrg = { orgId: "o-a1b2c3d4e5", account: "777788889999", region: "us-east-1" };

describe("key builders", () => {
  it("build the folders of a stream and a day, with and without an organization id", () => {
    expect(streamFolder("logs/", account)).toBe("logs/AWSLogs/111122223333/CloudTrail/eu-west-1/");
    expect(dayFolder("", inOrg, "2026-03-09")).toBe(
      "AWSLogs/o-a1b2c3d4e5/777788889999/CloudTrail/us-east-1/2026/03/09/",
    );
    expect(dayFolder("", inOrg, "2026-03-09", "CloudTrail-Digest")).toBe(
      "AWSLogs/o-a1b2c3d4e5/777788889999/CloudTrail-Digest/us-east-1/2026/03/09/",
    );
    expect(streamId(account)).toBe("111122223333/eu-west-1");
    expect(streamId(inOrg)).toBe("o-a1b2c3d4e5/777788889999/us-east-1");
  });

  it("normalise a prefix to nothing or a folder ending in one slash", () => {
    expect(["", "/", "logs", "/logs/", "logs//", "a/b"].map(normalisePrefix)).toEqual([
      "",
      "",
      "logs/",
      "logs/",
      "logs/",
      "a/b/",
    ]);
  });

  it("name a common prefix by its last folder", () => {
    expect(folderName("logs/AWSLogs/o-a1b2c3d4e5/")).toBe("o-a1b2c3d4e5");
  });
});

describe("parseTrailKey", () => {
  it("reads log, digest and Insights keys, of account and organization trails", () => {
    expect(
      parseTrailKey(
        "logs/AWSLogs/111122223333/CloudTrail/eu-west-1/2026/12/03/" +
          "111122223333_CloudTrail_eu-west-1_20261203T0605Z_p4YzrrN3vK7pFymO.json.gz",
        "logs/",
      ),
    ).toEqual({
      ...account,
      folder: "CloudTrail",
      day: "2026-12-03",
      fileName: "111122223333_CloudTrail_eu-west-1_20261203T0605Z_p4YzrrN3vK7pFymO.json.gz",
    });
    expect(
      parseTrailKey("AWSLogs/o-a1b2c3d4e5/777788889999/CloudTrail-Digest/us-east-1/2026/12/03/x.json.gz", ""),
    ).toMatchObject({ ...inOrg, folder: "CloudTrail-Digest", day: "2026-12-03" });
    expect(parseTrailKey("AWSLogs/111122223333/CloudTrail-Insight/eu-west-1/2026/12/03/x.json.gz", "")?.folder).toBe(
      "CloudTrail-Insight",
    );
  });

  it("refuses keys outside the layout", () => {
    const keys = [
      "other/AWSLogs/111122223333/CloudTrail/eu-west-1/2026/12/03/x.json.gz", // another prefix
      "AWSLogs/11112222333/CloudTrail/eu-west-1/2026/12/03/x.json.gz", // 11-digit account
      "AWSLogs/111122223333/CloudTrail/eu-west-1/2026/02/30/x.json.gz", // no such day
      "AWSLogs/111122223333/CloudTrail/eu-west-1/2026/12/03/", // a folder
      "AWSLogs/111122223333/Config/eu-west-1/2026/12/03/x.json.gz", // another service
      "AWSLogs/111122223333/CloudTrail/Global/2026/12/03/x.json.gz", // not a region
      "AWSLogs/111122223333/CloudTrail/eu-west-1/2026/12/03/extra/x.json.gz", // deeper
    ];
    expect(keys.map((k) => parseTrailKey(k, ""))).toEqual(keys.map(() => null));
  });
});

describe("days", () => {
  it("count across month and year ends, both ends included", () => {
    expect(daysBetween("2025-12-30", "2026-01-02")).toEqual(["2025-12-30", "2025-12-31", "2026-01-01", "2026-01-02"]);
    expect(daysBetween("2026-03-01", "2026-02-28")).toEqual([]);
    expect(addDays("2024-03-01", -1)).toBe("2024-02-29");
  });

  it("accept real calendar dates only", () => {
    expect(["2026-02-28", "2026-02-29", "2024-02-29", "2026-13-01", "26-01-01"].map(isDay)).toEqual([
      true,
      false,
      true,
      false,
      false,
    ]);
  });
});

describe("parseS3Url", () => {
  it("splits bucket and prefix", () => {
    expect(parseS3Url("s3://acme-trail/org/logs")).toEqual({ bucket: "acme-trail", prefix: "org/logs/" });
    expect(parseS3Url("s3://acme-trail")).toEqual({ bucket: "acme-trail", prefix: "" });
    expect(parseS3Url("https://acme-trail.s3.amazonaws.com/")).toBeNull();
  });
});
