import { describe, expect, it } from "vitest";
import { recountActors, renormaliseActors } from "@/lib/actors/renormalise";
import { at, modifyRecord, testRecord } from "@/tests/fixtures/event-records";
import { IDENTITIES } from "@/tests/fixtures/user-identities";
import { rollupDifferences } from "../helpers/actor-rollups";
import { testDatabaseWith } from "../helpers/database";

// Data stored under older actor rules is brought in line: the two sign-in users the old rules
// merged into one "Unknown" actor (keyed by the account id CloudTrail puts in principalId) are
// told apart again, with every counter recounted.

const carol = IDENTITIES.unknownWithUserName;
const dave = IDENTITIES.unknownOtherUserName;
const t = testDatabaseWith(() => [
  testRecord({ userIdentity: carol.userIdentity, recipientAccountId: carol.recipientAccountId, eventTime: at(0) }),
  modifyRecord("c1", {
    userIdentity: carol.userIdentity,
    recipientAccountId: carol.recipientAccountId,
    eventTime: at(60),
  }),
  modifyRecord("c1", {
    userIdentity: dave.userIdentity,
    recipientAccountId: dave.recipientAccountId,
    eventTime: at(120),
  }),
  testRecord({ userIdentity: IDENTITIES.iamUser.userIdentity, eventTime: at(180) }),
]);

const CAROL = "Unknown|user|123456789012|carol@example.com";
const DAVE = "Unknown|user|123456789012|dave@example.com";
const OLD = "Unknown|principal|123456789012";

async function keys() {
  return (await t.prisma.actor.findMany({ orderBy: { key: "asc" }, select: { key: true, eventCount: true } })).map(
    (a) => [a.key, a.eventCount],
  );
}

describe("npm run actors:renormalise", () => {
  it("splits actors the old rules merged, recounts them, and a second run changes nothing", async () => {
    // The state the old rules left: both users' events on one actor keyed by principalId.
    const merged = await t.prisma.actor.findUniqueOrThrow({ where: { key: CAROL } });
    const other = await t.prisma.actor.findUniqueOrThrow({ where: { key: DAVE } });
    await t.prisma.event.updateMany({ where: { actorId: other.id }, data: { actorId: merged.id } });
    await t.prisma.actor.update({ where: { id: merged.id }, data: { key: OLD } });
    await recountActors(t.prisma, [merged.id, other.id]);
    expect(await keys()).toEqual([
      ["IAMUser|arn|arn:aws:iam::123456789012:user/Alice", 1],
      [OLD, 3],
    ]);
    expect(await rollupDifferences(t.prisma)).toEqual([]);

    expect(await renormaliseActors(t.prisma)).toEqual({
      eventsRead: 4,
      eventsMoved: 3,
      actorsUpdated: 0,
      actorsRemoved: 1,
    });
    expect(await keys()).toEqual([
      ["IAMUser|arn|arn:aws:iam::123456789012:user/Alice", 1],
      [CAROL, 2],
      [DAVE, 1],
    ]);
    expect(await rollupDifferences(t.prisma)).toEqual([]);
    const resource = await t.prisma.resource.findFirstOrThrow({ where: { resourceId: "c1" } });
    const lastChange = await t.prisma.actor.findUniqueOrThrow({ where: { id: resource.lastChangeActorId! } });
    expect(lastChange.key).toBe(DAVE);

    expect(await renormaliseActors(t.prisma)).toEqual({
      eventsRead: 4,
      eventsMoved: 0,
      actorsUpdated: 0,
      actorsRemoved: 0,
    });
  });
});
