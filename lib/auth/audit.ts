import "server-only";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { env } from "@/lib/env";
import type { AuditAction } from "./audit-actions";
import { principalLabel, type Principal } from "./principal";
import { clientAddress } from "./request-guards";

export interface AuditInput {
  /** Who acted: a principal, or a plain label ("environment", an e-mail that failed to sign in). */
  actor: Principal | string;
  action: AuditAction;
  target?: string | null;
  ip?: string | null;
  details?: Record<string, unknown>;
}

export async function recordAudit(prisma: PrismaClient, entry: AuditInput): Promise<void> {
  const actor = entry.actor;
  await prisma.auditEntry.create({
    data: {
      actorId: typeof actor === "string" ? null : actor.userId,
      actor: typeof actor === "string" ? actor : principalLabel(actor),
      action: entry.action,
      target: entry.target ?? null,
      ip: entry.ip ?? null,
      details: (entry.details ?? {}) as object,
    },
  });
}

export async function listAudit(prisma: PrismaClient, limit = 200) {
  const rows = await prisma.auditEntry.findMany({ orderBy: [{ at: "desc" }, { id: "desc" }], take: limit });
  return rows.map((r) => ({ ...r, id: r.id.toString(), at: r.at.toISOString() }));
}

/** The client's address, X-Forwarded-For read only as far as CACHETRAIL_TRUSTED_PROXIES says (docs/security.md). */
export function clientIp(headers: Headers): string | null {
  return clientAddress(headers, env.CACHETRAIL_TRUSTED_PROXIES);
}
