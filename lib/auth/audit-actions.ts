import { z } from "zod";

/** What the audit log records (pure: the admin page shows these). CHECK audit_entry_action_check. */
export const auditActionSchema = z.enum([
  "sign-in",
  "sign-in.failed",
  "sign-in.refused",
  "sign-out",
  "sessions.revoked",
  "setup.first-admin",
  "user.created",
  "user.changed",
  "user.password-set",
  "token.created",
  "token.revoked",
  "share-link.created",
  "share-link.revoked",
]);
export type AuditAction = z.infer<typeof auditActionSchema>;

export const AUDIT_ACTION_LABELS: Record<AuditAction, string> = {
  "sign-in": "signed in",
  "sign-in.failed": "failed to sign in",
  "sign-in.refused": "was refused sign-in (too many attempts)",
  "sign-out": "signed out",
  "sessions.revoked": "signed out everywhere",
  "setup.first-admin": "created the first admin",
  "user.created": "created a user",
  "user.changed": "changed a user",
  "user.password-set": "set a password",
  "token.created": "created an API token",
  "token.revoked": "revoked an API token",
  "share-link.created": "created a share link",
  "share-link.revoked": "revoked a share link",
};
