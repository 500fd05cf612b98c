import { beforeAll, describe, expect, it } from "vitest";
import { GET as getEvents } from "@/app/api/events/route";
import { GET as getExport } from "@/app/api/events/export/route";
import { GET as getFacets } from "@/app/api/events/facets/route";
import { GET as getIngestions } from "@/app/api/ingestions/route";
import { GET as getResourcePage } from "@/app/api/resources/[account]/[region]/[kind]/[id]/route";
import { GET as getTimelinePage } from "@/app/api/resources/[account]/[region]/[kind]/[id]/timeline/route";
import { GET as getResources } from "@/app/api/resources/route";
import { problemBodySchema } from "@/lib/api/problem";
import { setClientForTests } from "@/lib/db/client";
import { ACCOUNT, REGION, record } from "@/tests/fixtures/resource-records";
import { testDatabaseWith } from "../helpers/database";
import { get } from "../helpers/routes";

// Every query string an API cannot use is a 400 whose message names the parameter — never a
// 500 from the database, never a silent answer to a question nobody asked.

const PATH = { account: ACCOUNT, region: REGION, kind: "cache-cluster", id: "q-001" };
const database = testDatabaseWith(() => [
  record("CreateCacheCluster", "2025-03-01T10:00:00Z", { cacheClusterId: "q-001", engine: "redis", numCacheNodes: 1 }),
]);
beforeAll(() => setClientForTests(database.prisma));

async function expectBadParam(response: Response, param: string, message: RegExp): Promise<void> {
  const body = problemBodySchema.parse(await response.json());
  expect({ status: response.status, message: body.error.message }).toEqual({
    status: 400,
    message: expect.stringMatching(new RegExp(`^Invalid query: ${param ? `${param}: ` : ""}${message.source}`)),
  });
}

const NUL = /must not contain control characters/;

describe("/api/events (and its export and facets)", () => {
  const cases: [string, string, RegExp][] = [
    ["q=%00", "q", NUL],
    ["actor=%00", "actor", NUL],
    ["ip=%00", "ip", NUL],
    ["error=a%00b", "error", NUL],
    ["resource=%01", "resource", NUL],
    ["account=%00", "account\\.0", NUL],
    ["region=eu%00", "region\\.0", NUL],
    ["from=0000-01-01", "from", /years run from 0001 to 9999/],
    ["to=10000-01-01", "to", /expected a date/],
    ["from=2025-02-30", "from", /not a real date/],
    ["from=2025-02-29T10:00Z", "from", /not a real date/],
    ["after=999999999999999_1", "after", /not a page cursor from this API/],
    ["before=-1_1", "before", /not a page cursor from this API/],
    ["limit=1&limit=2", "limit", /given more than once/],
    ["sort=newest&sort=oldest", "sort", /given more than once/],
    ["agent=bogus", "agent", /Invalid option/],
    ["__proto__=x", "", /Unrecognized key: "__proto__"/],
    ["constructor=x", "", /Unrecognized key: "constructor"/],
  ];
  for (const [query, param, message] of cases) {
    it(`?${query} is a 400 naming ${param || "the key"}`, async () => {
      const prefix = param ? param : "";
      const expected = prefix ? prefix : "";
      await expectBadParam(await get(getEvents, `/api/events?${query}`), expected, message);
      await expectBadParam(await get(getExport, `/api/events/export?format=csv&${query}`), expected, message);
      await expectBadParam(await get(getFacets, `/api/events/facets?field=name&${query}`), expected, message);
    });
  }

  it("the same filters, valid, answer 200", async () => {
    for (const query of ["q=abc", "from=0001-01-01", "to=9999-12-31", "after=253402300799999_1", "from=2024-02-29"]) {
      expect((await get(getEvents, `/api/events?${query}`)).status, query).toBe(200);
    }
  });
});

describe("/api/resources and a resource's page", () => {
  const cases: [string, string, RegExp][] = [
    ["engine=bogus", "engine", /Invalid option/],
    ["status=%00", "status", /Invalid option/],
    ["q=%00", "q", NUL],
    ["account=%00", "account", NUL],
    ["region=%00", "region", NUL],
    ["page=1&page=2", "page", /given more than once/],
    ["__proto__=1", "", /Unrecognized key: "__proto__"/],
  ];
  for (const [query, param, message] of cases) {
    it(`?${query} is a 400 naming ${param || "the key"}`, async () => {
      await expectBadParam(await get(getResources, `/api/resources?${query}`), param, message);
    });
  }

  it("a resource's page refuses impossible days and instants", async () => {
    const path = "/api/resources/x/y/cache-cluster/q-001";
    await expectBadParam(await get(getResourcePage, `${path}?day=2025-02-30`, PATH), "day", /not a real date/);
    await expectBadParam(await get(getResourcePage, `${path}?at=0000-01-01`, PATH), "at", /years run from 0001/);
    await expectBadParam(
      await get(getTimelinePage, `${path}/timeline?cursor=999999999999999_1`, PATH),
      "cursor",
      /not a page cursor/,
    );
  });
});

describe("/api/ingestions", () => {
  it("refuses a duplicated key", async () => {
    const response = await get(getIngestions, "/api/ingestions?page=1&page=2");
    expect(response.status).toBe(400);
  });
});
