import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { CMD, RG, T, lifecycleRecords, member } from "../tests/fixtures/history/lifecycle-records";
import { ACCOUNT, REGION, record } from "../tests/fixtures/resource-records";
import { resourceUrl } from "../lib/urls";
import { ingestWithCli } from "./support/seed";

// Cross-resource history as a person meets it: landing on a member cluster from an alarm, seeing
// the node type its group changed (and who did it, on which group), following the link to the
// group; then the single-shard group's primaries, now and as of a moment before its failover; then a
// group call whose record names no member, reaching the member once the worker's link pass inferred it.

/** A change to the single-shard group whose response CloudTrail left out (null): it names neither member. */
const UNNAMED = record(
  "ModifyReplicationGroup",
  "2026-11-08T09:00:00Z",
  { replicationGroupId: CMD, snapshotRetentionLimit: 7, applyImmediately: true },
  null,
  { actor: "henry.ops", id: "e2e-unnamed-members-0001" },
);

/** A replica added with a null response: its id (checkout-redis-003) is derived from the request and the two members. */
const DERIVED = record(
  "IncreaseReplicaCount",
  "2026-11-09T09:00:00Z",
  { replicationGroupId: CMD, newReplicaCount: 2, applyImmediately: true },
  null,
  { actor: "ivy.sre", id: "e2e-derived-member-0001" },
);

const key = (kind: string, resourceId: string) => ({ accountId: ACCOUNT, region: REGION, kind, resourceId });

test.beforeAll(() => {
  const dir = "test-results/history-effects-fixtures";
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "lifecycle.json");
  writeFileSync(file, JSON.stringify({ Records: [...lifecycleRecords(), UNNAMED, DERIVED] }));
  ingestWithCli(file);
});

test("a member cluster shows the group's change with its cause, and links to the group", async ({ page }) => {
  await page.goto(resourceUrl(key("cache-cluster", member(1, 1))));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(member(1, 1));
  const scale = page
    .getByTestId("timeline-item")
    .filter({ hasText: "cacheNodeType cache.r6g.large → cache.r6g.xlarge" });
  await expect(scale).toHaveCount(1);
  await expect(scale.getByTestId("effect-cause")).toHaveText(
    `Changed by ModifyReplicationGroup on replication group ${RG} by alice.ops`,
  );
  await expect(page.getByText("Node type")).toBeVisible();
  await scale.getByTestId("effect-cause").getByRole("link", { name: RG }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(RG);
  const onGroup = page.getByTestId("timeline-item").filter({ hasText: "Also cacheNodeType on member clusters" });
  await expect(onGroup).toHaveCount(1);
  await expect(onGroup.getByRole("link", { name: member(2, 2) })).toBeVisible();
});

test("the group's page shows its primaries now and as of a moment", async ({ page }) => {
  await page.goto(resourceUrl(key("replication-group", CMD)));
  const primaries = page.getByTestId("primaries");
  await expect(primaries.getByRole("heading", { name: "Primary per shard" })).toBeVisible();
  const rows = primaries.getByTestId("primary-row");
  await expect(rows).toHaveCount(2);
  await expect(primaries.locator("[data-current]")).toContainText(`${CMD}-002`);
  await expect(primaries.locator("[data-current]")).toContainText("TestFailover");

  const before = new Date(Date.parse(T.failover) - 60_000).toISOString();
  await page.goto(`${resourceUrl(key("replication-group", CMD))}?at=${encodeURIComponent(before)}`);
  await expect(page.getByTestId("primaries").locator("[data-current]")).toContainText(`${CMD}-001`);
});

test("a group call that names no member reaches it once the link pass has inferred it", async ({ page }) => {
  const url = resourceUrl(key("cache-cluster", `${CMD}-001`));
  const inferred = page.getByTestId("timeline-item").filter({ hasText: "inferred: not named by the event" });
  // The worker's sweeper runs the link pass every few seconds after the ingest: reload until it has.
  await expect(async () => {
    await page.goto(url);
    await expect(inferred).toHaveCount(1, { timeout: 1_000 });
  }).toPass({ timeout: 90_000 });
  await expect(inferred.getByTestId("effect-cause")).toHaveText(
    `Changed by ModifyReplicationGroup on replication group ${CMD} by henry.ops`,
  );
  // The member's earlier value is unknown to its history, so the change reads "set to".
  await expect(inferred).toContainText("snapshotRetentionLimit set to 7 (requested, apply immediately)");
});

test("a replica added by a call that names it nowhere gets its own page, created by that call", async ({ page }) => {
  const url = resourceUrl(key("cache-cluster", `${CMD}-003`));
  const created = page.getByTestId("timeline-item").filter({ hasText: "derived from the request" });
  // The worker's link pass derives it after the ingest: reload until its page exists.
  await expect(async () => {
    await page.goto(url);
    await expect(created).toHaveCount(1, { timeout: 1_000 });
  }).toPass({ timeout: 90_000 });
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`${CMD}-003`);
  await expect(created.getByTestId("effect-cause")).toHaveText(
    `Created by IncreaseReplicaCount on replication group ${CMD} by ivy.sre`,
  );
  const shots = "test-results/history-effects-screens";
  for (const [width, name] of [
    [1280, "desktop"],
    [390, "phone"],
  ] as const) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto(url);
    await page.screenshot({ path: `${shots}/member-${name}.png`, fullPage: true });
    await page.goto(resourceUrl(key("replication-group", CMD)));
    await page.screenshot({ path: `${shots}/group-${name}.png`, fullPage: true });
  }
});
