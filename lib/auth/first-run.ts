import "server-only";
import type { PrismaClient } from "@/lib/generated/prisma/client";

// Whether anyone can sign in yet. Once a user exists that stays true, so it is asked of the
// database only until then (per Prisma client: tests have one per database).
const known = new WeakSet<PrismaClient>();

export async function hasAnyUser(prisma: PrismaClient): Promise<boolean> {
  if (known.has(prisma)) return true;
  const any = (await prisma.user.findFirst({ select: { id: true } })) !== null;
  if (any) known.add(prisma);
  return any;
}
