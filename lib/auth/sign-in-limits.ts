import "server-only";
import type { PrismaClient } from "@/lib/generated/prisma/client";

// Password guessing is slowed per account (an attacker spreading guesses over many addresses still
// hits it) and per client address (one address trying many accounts). Failures are counted from the
// audit log, so the limit holds across server processes and restarts. A successful sign-in does not
// reset the count: it only stops adding to it.

export const SIGN_IN_WINDOW_MINUTES = 15;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_IP = 20;

/** Why a sign-in attempt is refused before its password is checked, or null. */
export async function signInRefusal(prisma: PrismaClient, email: string, ip: string | null): Promise<string | null> {
  const since = new Date(Date.now() - SIGN_IN_WINDOW_MINUTES * 60_000);
  const failures = (where: { target: string } | { ip: string }) =>
    prisma.auditEntry.findMany({
      where: { action: "sign-in.failed", at: { gte: since }, ...where },
      select: { at: true },
      orderBy: { at: "desc" },
    });
  const wait = (times: { at: Date }[], limit: number) => {
    const oldestCounted = times[limit - 1]!.at.getTime();
    return Math.max(1, Math.ceil((oldestCounted + SIGN_IN_WINDOW_MINUTES * 60_000 - Date.now()) / 60_000));
  };
  const byAccount = await failures({ target: email });
  if (byAccount.length >= MAX_FAILURES_PER_ACCOUNT) {
    return (
      `Too many failed sign-ins for ${email}: ${byAccount.length} in ${SIGN_IN_WINDOW_MINUTES} minutes. ` +
      `Try again in ${wait(byAccount, MAX_FAILURES_PER_ACCOUNT)} minutes, or ask an admin to set a new password.`
    );
  }
  if (ip) {
    const byIp = await failures({ ip });
    if (byIp.length >= MAX_FAILURES_PER_IP) {
      return (
        `Too many failed sign-ins from your address (${ip}): ${byIp.length} in ${SIGN_IN_WINDOW_MINUTES} minutes. ` +
        `Try again in ${wait(byIp, MAX_FAILURES_PER_IP)} minutes.`
      );
    }
  }
  return null;
}
