import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "@/lib/generated/prisma/client";

// One pg pool per database, shared by Prisma (through the driver adapter) and by the few
// places that need the driver itself: the ingest's COPY path (lib/ingest/store.ts).

const pools = new WeakMap<PrismaClient, pg.Pool>();

/** A Prisma client on the pg driver adapter: no native query engine needed. */
export function createPrismaClient(databaseUrl: string, poolSize = 10): PrismaClient {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize });
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  pools.set(prisma, pool);
  return prisma;
}

/** The pg pool under a client made by createPrismaClient. */
export function poolOf(prisma: PrismaClient): pg.Pool {
  const pool = pools.get(prisma);
  if (!pool) throw new Error("This Prisma client was not created by createPrismaClient");
  return pool;
}
