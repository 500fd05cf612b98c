import { z } from "zod";
import { auditActionSchema } from "./audit-actions";
import { roleSchema } from "./roles";

// Wire schemas of the users, tokens, share links and audit APIs: the routes parse requests with
// them, the browser parses answers with them (fetchJson). Pure.

export const idParamsSchema = z.strictObject({ id: z.string().regex(/^[A-Za-z0-9-]{1,64}$/, "not an id") });

export const createUserSchema = z.strictObject({
  email: z.string().email(),
  name: z.string().max(200).optional(),
  role: roleSchema,
  /** Omitted: a password is generated and answered once. */
  password: z.string().min(12).max(200).optional(),
});

export const updateUserSchema = z.strictObject({
  role: roleSchema.optional(),
  disabled: z.boolean().optional(),
  password: z.string().min(12).max(200).optional(),
});

export const userViewSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: roleSchema,
  disabled: z.boolean(),
  createdAt: z.string(),
  signIn: z.array(z.string()),
  lastActiveAt: z.string().nullable(),
});
export type UserView = z.infer<typeof userViewSchema>;
export const userListSchema = z.object({ users: z.array(userViewSchema) });
export const createdUserSchema = z.object({
  user: userViewSchema.pick({ id: true, email: true, role: true }),
  password: z.string().nullable(),
});

export const createTokenSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  role: roleSchema.optional(),
  /** Days until it stops working; omitted: never. */
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});

export const tokenViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: roleSchema,
  prefix: z.string(),
  owner: z.string(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type TokenView = z.infer<typeof tokenViewSchema>;
export const tokenListSchema = z.object({ tokens: z.array(tokenViewSchema) });
export const createdTokenSchema = z.object({ id: z.string(), name: z.string(), role: roleSchema, token: z.string() });

export const SHARE_LINK_DEFAULT_DAYS = 7;
export const createShareLinkSchema = z.strictObject({
  eventId: z.string().min(1).max(200),
  expiresInDays: z.number().int().min(1).max(90).default(SHARE_LINK_DEFAULT_DAYS),
});

export const shareLinkViewSchema = z.object({
  id: z.string(),
  eventId: z.string(),
  eventName: z.string().nullable(),
  creator: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  revokedAt: z.string().nullable(),
  views: z.number().int(),
});
export type ShareLinkView = z.infer<typeof shareLinkViewSchema>;
export const shareLinkListSchema = z.object({ links: z.array(shareLinkViewSchema) });
export const createdShareLinkSchema = z.object({ id: z.string(), url: z.string(), expiresAt: z.string() });

export const auditEntryViewSchema = z.object({
  id: z.string(),
  at: z.string(),
  actor: z.string(),
  action: auditActionSchema,
  target: z.string().nullable(),
  ip: z.string().nullable(),
});
export const auditListSchema = z.object({ entries: z.array(auditEntryViewSchema) });
