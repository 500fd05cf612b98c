import "server-only";
import { betterAuth } from "better-auth";
import { APIError } from "better-auth/api";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { genericOAuth } from "better-auth/plugins";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { env } from "@/lib/env";
import { recordAudit } from "./audit";
import { hashPassword, verifyPassword } from "./password";
import { allowedHostPatterns } from "./hosts";
import { authSecret } from "./secret";
import { SSO_ERROR_CODES, ssoEmailAllowed } from "./sso";

// better-auth does sessions (stored in auth_session, the cookie signed with authSecret()), password
// sign-in (scrypt, lib/auth/password.ts) and OpenID Connect (its generic OAuth plugin). Sign-up is
// off: accounts are made by an admin, the first-run page, the environment's admin or the CLI. Roles,
// tokens, share links and the audit log are ours (lib/auth/*), on the same user table.

export const SESSION_DAYS = 7;
export const OIDC_PROVIDER_ID = "oidc";

function oidcPlugins() {
  if (!env.OIDC_ISSUER || !env.OIDC_CLIENT_ID || !env.OIDC_CLIENT_SECRET) return [];
  return [
    genericOAuth({
      config: [
        {
          providerId: OIDC_PROVIDER_ID,
          discoveryUrl: `${env.OIDC_ISSUER.replace(/\/$/, "")}/.well-known/openid-configuration`,
          clientId: env.OIDC_CLIENT_ID,
          clientSecret: env.OIDC_CLIENT_SECRET,
          scopes: ["openid", "email", "profile"],
          pkce: true,
          // client_secret_basic: OpenID Connect's default for a client with a secret.
          authentication: "basic",
        },
      ],
    }),
  ];
}

export function oidcEnabled(): boolean {
  return Boolean(env.OIDC_ISSUER && env.OIDC_CLIENT_ID && env.OIDC_CLIENT_SECRET);
}

function createAuth(prisma: PrismaClient) {
  // Served over HTTPS (CACHETRAIL_PUBLIC_URL says so): cookies are Secure (and __Secure- prefixed).
  const https = env.CACHETRAIL_PUBLIC_URL?.startsWith("https://") ?? false;
  return betterAuth({
    appName: "CacheTrail",
    secret: authSecret(),
    // The URL better-auth builds links with (the OIDC callback) is the one the request came to, when its
    // host is allowed; server-side calls without a Host header use the local address.
    baseURL: {
      allowedHosts: allowedHostPatterns(),
      protocol: https ? "https" : "auto",
      fallback: env.CACHETRAIL_PUBLIC_URL ?? `http://127.0.0.1:${env.PORT}`,
    },
    database: prismaAdapter(prisma, { provider: "postgresql" }),
    telemetry: { enabled: false },
    // Ours counts failures per account and per IP from the audit log (lib/auth/sign-in-limits.ts).
    rateLimit: { enabled: false },
    emailAndPassword: {
      enabled: true,
      disableSignUp: true,
      minPasswordLength: 12,
      password: { hash: hashPassword, verify: ({ hash, password }) => verifyPassword(hash, password) },
    },
    session: { expiresIn: SESSION_DAYS * 24 * 3600, updateAge: 24 * 3600 },
    user: {
      additionalFields: {
        role: { type: "string", required: false, defaultValue: env.OIDC_DEFAULT_ROLE, input: false },
        disabled: { type: "boolean", required: false, defaultValue: false, input: false },
      },
    },
    // An SSO sign-in joins the existing user of the same e-mail only when the provider vouches for that
    // address (email_verified): otherwise anyone able to set an unverified address at the provider could
    // take over an admin. Our users' addresses are set by admins (sign-up is off), hence no local check.
    account: { accountLinking: { enabled: true, trustedProviders: [], requireLocalEmailVerified: false } },
    advanced: {
      cookiePrefix: "cachetrail",
      useSecureCookies: https,
      defaultCookieAttributes: { sameSite: "lax", httpOnly: true },
    },
    databaseHooks: {
      user: {
        create: {
          // Only SSO creates users through better-auth (sign-up is off): keep it to the allowed domains.
          // Thrown with a code, the OIDC callback sends it back to the sign-in page, which says why.
          before: async (user) => {
            if (ssoEmailAllowed(user.email, env.OIDC_ALLOWED_DOMAINS)) return { data: user };
            throw new APIError("FORBIDDEN", {
              code: SSO_ERROR_CODES.domainNotAllowed,
              message: `Single sign-on is not open to ${user.email.split("@").pop()} addresses here.`,
            });
          },
        },
      },
      session: {
        create: {
          before: async (session) => {
            const user = await prisma.user.findUnique({ where: { id: session.userId }, select: { disabled: true } });
            if (user && !user.disabled) return { data: session };
            throw new APIError("FORBIDDEN", {
              code: SSO_ERROR_CODES.accountDisabled,
              message: "This account is disabled.",
            });
          },
          // Password sign-ins are recorded by lib/auth/auth-route.ts (with the failures); SSO ones here.
          after: async (session, context) => {
            if (!context?.path?.startsWith("/callback/")) return;
            const user = await prisma.user.findUnique({ where: { id: session.userId }, select: { email: true } });
            const actor = user?.email ?? session.userId;
            const details = { method: "oidc" };
            await recordAudit(prisma, { actor, action: "sign-in", target: actor, ip: session.ipAddress, details });
          },
        },
      },
    },
    plugins: oidcPlugins(),
  });
}

export type Auth = ReturnType<typeof createAuth>;

const instances = new WeakMap<PrismaClient, Auth>();

/** The better-auth instance on this Prisma client (the app's db(), or a test's own). */
export function authFor(prisma: PrismaClient): Auth {
  let auth = instances.get(prisma);
  if (!auth) {
    auth = createAuth(prisma);
    instances.set(prisma, auth);
  }
  return auth;
}
