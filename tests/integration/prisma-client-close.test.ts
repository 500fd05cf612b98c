import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { closePrismaClient, createPrismaClient, poolOf } from "@/lib/db/create-client";
import { createTestDatabase, type TestDatabase } from "../helpers/database";

// Counts the constructions of Prisma's client class, which createPrismaClient defers to the first use.
const constructions = vi.hoisted(() => ({ count: 0 }));
vi.mock("@/lib/generated/prisma/client", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@/lib/generated/prisma/client")>();
  class CountedPrismaClient extends actual.PrismaClient {
    constructor(...args: ConstructorParameters<typeof actual.PrismaClient>) {
      super(...args);
      constructions.count++;
    }
  }
  return { ...actual, PrismaClient: CountedPrismaClient };
});

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

const openConnections = async () =>
  Number(
    (
      await db.prisma.$queryRaw<{ n: bigint }[]>`
        SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`
    )[0]!.n,
  );

// A backend leaves pg_stat_activity a moment after its socket closes.
const allClosedSince = (before: number) =>
  vi.waitFor(async () => expect(await openConnections()).toBe(before), { timeout: 5_000 });

it("closes every connection of a client that only used its pool (the ingest's way)", async () => {
  const before = await openConnections();
  const prisma = createPrismaClient(db.url, 3);
  const pool = poolOf(prisma);
  await Promise.all([1, 2, 3].map(() => pool.query("SELECT pg_sleep(0.05)")));
  expect(await openConnections()).toBe(before + 3);

  await closePrismaClient(prisma);
  expect(pool.ended).toBe(true);
  expect(pool.totalCount).toBe(0);
  await allClosedSince(before);
});

it("closes a client that ran Prisma queries too, whose pool Prisma ends itself", async () => {
  const before = await openConnections();
  const prisma = createPrismaClient(db.url, 2);
  await prisma.$queryRaw`SELECT 1`;
  await poolOf(prisma).query("SELECT 1");

  await closePrismaClient(prisma);
  expect(poolOf(prisma).ended).toBe(true);
  await allClosedSince(before);
});

it("constructs Prisma's client on its first use: a process that uses the pool alone never pays for it", async () => {
  const before = constructions.count;
  const prisma = createPrismaClient(db.url, 2);
  await poolOf(prisma).query("SELECT 1");
  expect(constructions.count).toBe(before);

  expect(await prisma.$queryRaw`SELECT 1::int AS one`).toEqual([{ one: 1 }]);
  expect(await prisma.source.count()).toBeGreaterThanOrEqual(0);
  expect(await prisma.$transaction(async (tx) => tx.source.count())).toBeGreaterThanOrEqual(0);
  expect(constructions.count).toBe(before + 1);
  await closePrismaClient(prisma);
  expect(poolOf(prisma).ended).toBe(true);
});
