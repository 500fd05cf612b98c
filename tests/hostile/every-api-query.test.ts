import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import * as actor from "@/app/api/actors/[key]/route";
import * as actors from "@/app/api/actors/route";
import * as audit from "@/app/api/audit/route";
import * as completenessFetch from "@/app/api/completeness/fetch/route";
import * as completenessKeys from "@/app/api/completeness/keys/route";
import * as completeness from "@/app/api/completeness/route";
import * as event from "@/app/api/events/[eventId]/route";
import * as exportRoute from "@/app/api/events/export/route";
import * as facets from "@/app/api/events/facets/route";
import * as events from "@/app/api/events/route";
import * as health from "@/app/api/health/route";
import * as progress from "@/app/api/ingest/progress/[uploadId]/route";
import * as run from "@/app/api/ingestions/[runId]/route";
import * as ingestions from "@/app/api/ingestions/route";
import * as overview from "@/app/api/overview/route";
import * as resourceTimeline from "@/app/api/resources/[account]/[region]/[kind]/[id]/timeline/route";
import * as resource from "@/app/api/resources/[account]/[region]/[kind]/[id]/route";
import * as resources from "@/app/api/resources/route";
import * as security from "@/app/api/security/route";
import * as shareLinks from "@/app/api/share-links/route";
import * as sourceObjects from "@/app/api/sources/[id]/objects/route";
import * as source from "@/app/api/sources/[id]/route";
import * as sources from "@/app/api/sources/route";
import * as tokens from "@/app/api/tokens/route";
import * as users from "@/app/api/users/route";
import { problemBodySchema } from "@/lib/api/problem";
import { setClientForTests } from "@/lib/db/client";
import { ACCOUNT, REGION, record } from "@/tests/fixtures/resource-records";
import { testDatabaseWith } from "../helpers/database";
import { get } from "../helpers/routes";

// Every GET API, every query parameter it takes, every kind of value it cannot use: a 400 whose
// message names the parameter — never a 500 from the database, never an answer that silently
// ignores it. The table below must list every route file with a GET handler (checked against the
// files on disk), so a new route cannot skip it.

type Handler = (
  request: NextRequest,
  context: { params: Promise<Record<string, string | string[]>> },
) => Promise<Response>;
/** text: free text; enum: one of a list; day/instant: dates; number; id: digits or a key; cursor. */
type Kind = "text" | "enum" | "day" | "instant" | "number" | "id" | "cursor";

interface RouteCase {
  file: string;
  handler: Handler;
  path: string;
  params?: Record<string, string>;
  /** Parameters the route requires, given valid in every request. */
  base?: string;
  keys: Record<string, Kind>;
  /** Keys that take several values (?account=a&account=b): never "given more than once". */
  lists?: string[];
}

const RESOURCE = { account: ACCOUNT, region: REGION, kind: "cache-cluster", id: "q-001" };
const RESOURCE_PATH = `/api/resources/${ACCOUNT}/${REGION}/cache-cluster/q-001`;
const EVENT_KEYS: Record<string, Kind> = {
  range: "enum",
  from: "instant",
  to: "instant",
  name: "text",
  actor: "text",
  resource: "text",
  account: "text",
  region: "text",
  access: "enum",
  outcome: "enum",
  kind: "enum",
  flag: "enum",
  error: "text",
  ip: "text",
  agent: "enum",
  run: "id",
  q: "text",
  sort: "enum",
  limit: "number",
  after: "cursor",
  before: "cursor",
};
const EVENT_LISTS = ["name", "account", "region"];
const SCOPE_KEYS: Record<string, Kind> = {
  range: "enum",
  from: "instant",
  to: "instant",
  account: "text",
  region: "text",
};
const TIMELINE_KEYS: Record<string, Kind> = {
  order: "enum",
  reads: "enum",
  from: "day",
  to: "day",
  day: "day",
  at: "instant",
  accountReads: "enum",
};

const ROUTES: RouteCase[] = [
  { file: "actors/[key]", handler: actor.GET, path: "/api/actors/k", params: { key: "k" }, keys: {} },
  {
    file: "actors",
    handler: actors.GET,
    path: "/api/actors",
    keys: {
      type: "text",
      account: "id",
      failures: "enum",
      issuer: "text",
      q: "text",
      sort: "enum",
      dir: "enum",
      page: "number",
    },
  },
  { file: "audit", handler: audit.GET, path: "/api/audit", keys: {} },
  {
    file: "completeness",
    handler: completeness.GET,
    path: "/api/completeness",
    base: "from=2025-03-01&to=2025-03-02",
    keys: { account: "id", region: "text" },
  },
  {
    file: "completeness/fetch",
    handler: completenessFetch.GET,
    path: "/api/completeness/fetch",
    base: "key=AWSLogs/a.json.gz",
    keys: { key: "text" },
    lists: ["key"],
  },
  { file: "completeness/keys", handler: completenessKeys.GET, path: "/api/completeness/keys", keys: {} },
  { file: "events/[eventId]", handler: event.GET, path: "/api/events/e", params: { eventId: "e" }, keys: {} },
  {
    file: "events/export",
    handler: exportRoute.GET,
    path: "/api/events/export",
    keys: { ...EVENT_KEYS, format: "enum" },
    lists: EVENT_LISTS,
  },
  {
    file: "events/facets",
    handler: facets.GET,
    path: "/api/events/facets",
    base: "field=name",
    keys: EVENT_KEYS,
    lists: EVENT_LISTS,
  },
  { file: "events", handler: events.GET, path: "/api/events", keys: EVENT_KEYS, lists: EVENT_LISTS },
  { file: "health", handler: health.GET, path: "/api/health", keys: {} },
  {
    file: "ingest/progress/[uploadId]",
    handler: progress.GET,
    path: "/api/ingest/progress/upload-0001",
    params: { uploadId: "upload-0001" },
    keys: {},
  },
  {
    file: "ingestions/[runId]",
    handler: run.GET,
    path: "/api/ingestions/1",
    params: { runId: "1" },
    keys: { files: "enum", after: "id", limit: "number" },
  },
  {
    file: "ingestions",
    handler: ingestions.GET,
    path: "/api/ingestions",
    keys: { source: "enum", status: "enum", before: "id", limit: "number" },
  },
  { file: "overview", handler: overview.GET, path: "/api/overview", keys: SCOPE_KEYS, lists: ["account", "region"] },
  {
    file: "resources/[account]/[region]/[kind]/[id]/timeline",
    handler: resourceTimeline.GET,
    path: `${RESOURCE_PATH}/timeline`,
    params: RESOURCE,
    keys: { ...TIMELINE_KEYS, cursor: "cursor" },
  },
  {
    file: "resources/[account]/[region]/[kind]/[id]",
    handler: resource.GET,
    path: RESOURCE_PATH,
    params: RESOURCE,
    keys: TIMELINE_KEYS,
  },
  {
    file: "resources",
    handler: resources.GET,
    path: "/api/resources",
    keys: {
      kind: "enum",
      q: "text",
      account: "text",
      region: "text",
      status: "enum",
      engine: "enum",
      sort: "enum",
      dir: "enum",
      page: "number",
    },
  },
  { file: "security", handler: security.GET, path: "/api/security", keys: SCOPE_KEYS, lists: ["account", "region"] },
  { file: "share-links", handler: shareLinks.GET, path: "/api/share-links", keys: {} },
  {
    file: "sources/[id]/objects",
    handler: sourceObjects.GET,
    path: "/api/sources/1/objects",
    params: { id: "1" },
    keys: { status: "enum", after: "text", limit: "number" },
  },
  { file: "sources/[id]", handler: source.GET, path: "/api/sources/1", params: { id: "1" }, keys: {} },
  { file: "sources", handler: sources.GET, path: "/api/sources", keys: {} },
  { file: "tokens", handler: tokens.GET, path: "/api/tokens", keys: {} },
  { file: "users", handler: users.GET, path: "/api/users", keys: {} },
];

/** Values no parameter of this kind can use; each must be a 400 naming the parameter. */
const BAD_VALUES: Record<Kind, string[]> = {
  text: ["%00", "a%01b", "x".repeat(5_000)],
  enum: ["%00", "bogus", "x".repeat(5_000)],
  day: ["%00", "2025-02-30", "0000-01-01", "10000-01-01", "2025-13-01"],
  instant: ["%00", "2025-02-30", "0000-01-01", "10000-01-01", "2025-02-29T10:00Z"],
  number: ["%00", "-1", "1.5", "1e999", "9".repeat(400)],
  id: ["%00", "x".repeat(5_000), "-1"],
  cursor: ["%00", "999999999999999_1", "-1_1", `1_${"9".repeat(5_000)}`, "x".repeat(5_000)],
};

const database = testDatabaseWith(() => [
  record("CreateCacheCluster", "2025-03-01T10:00:00Z", { cacheClusterId: "q-001", engine: "redis", numCacheNodes: 1 }),
]);
beforeAll(() => setClientForTests(database.prisma));

async function answer(route: RouteCase, query: string): Promise<{ status: number; message: string }> {
  const search = [route.base, query].filter(Boolean).join("&");
  const response = await get(route.handler, `${route.path}?${search}`, route.params ?? {});
  const text = await response.text();
  if (response.status < 400) return { status: response.status, message: "" };
  return { status: response.status, message: problemBodySchema.parse(JSON.parse(text)).error.message };
}

const invalidQuery = (param: string) =>
  expect.stringMatching(new RegExp(`^Invalid query: ${param.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(\\.\\d+)?: `));

it("the table lists every API route with a GET handler", async () => {
  const root = path.join(process.cwd(), "app/api");
  const files: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.name === "route.ts" && /export const GET = apiRoute/.test(await readFile(full, "utf8")))
        files.push(path.relative(root, dir));
    }
  };
  await walk(root);
  expect(ROUTES.map((r) => r.file).sort()).toEqual(files.sort());
});

describe.each(ROUTES)("GET /api/$file", (route) => {
  it("refuses unknown keys, __proto__ and constructor included", async () => {
    for (const key of ["__proto__", "constructor", "toString", "bogus"]) {
      expect(await answer(route, `${key}=x`), key).toEqual({
        status: 400,
        message: `Invalid query: Unrecognized key: "${key}"`,
      });
    }
  });

  const keys = Object.entries(route.keys);
  if (keys.length === 0) return;

  it.each(keys)("?%s= refuses every value it cannot use", async (key, kind) => {
    for (const value of BAD_VALUES[kind]) {
      expect(await answer(route, `${key}=${value}`), `${key}=${value.slice(0, 40)}`).toEqual({
        status: 400,
        message: invalidQuery(key),
      });
    }
    if (!route.lists?.includes(key)) {
      // Which of two values was meant cannot be known.
      const valid =
        kind === "number"
          ? "1"
          : kind === "text"
            ? "a"
            : kind === "day"
              ? "2025-03-01"
              : kind === "instant"
                ? "2025-03-01"
                : "";
      if (valid)
        expect(await answer(route, `${key}=${valid}&${key}=${valid}`), `${key} twice`).toEqual({
          status: 400,
          message: `Invalid query: ${key}: given more than once`,
        });
    }
  });
});
