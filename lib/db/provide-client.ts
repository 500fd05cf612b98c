import type { PrismaClient } from "@/lib/generated/prisma/client";
import { closePrismaClient, createPrismaClient, poolOf, type PoolOptions } from "./create-client";
import { applyMigrations } from "./migrate";
import { provideDatabase, type ProvidedDatabase } from "./provide";

/**
 * provideDatabase with a Prisma client on it, the migrations checked through the client's own pool:
 * the connection that checks them then serves the client's first queries, where provideDatabase
 * opens one of its own and closes it (17–35 ms of a command line's start here: a new backend and
 * its SCRAM exchange).
 */
export async function provideClient(
  log: (line: string) => void,
  pool: number | PoolOptions,
): Promise<{ database: ProvidedDatabase; prisma: PrismaClient }> {
  const database = await provideDatabase(log, { migrate: false });
  const prisma = createPrismaClient(database.url, pool);
  try {
    for (const name of await applyMigrations(database.url, { through: poolOf(prisma) }))
      log(`Applied migration ${name}`);
  } catch (error) {
    await closePrismaClient(prisma);
    await database.release();
    throw error;
  }
  return { database, prisma };
}
