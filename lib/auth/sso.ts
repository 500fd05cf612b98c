// What the sign-in page says when single sign-on comes back refused. better-auth redirects a failed
// OIDC callback to the sign-in page with `error=<code>`; the codes that are ours come from the hooks
// in lib/auth/better-auth.ts. Pure.

export const SSO_ERROR_CODES = {
  domainNotAllowed: "EMAIL_DOMAIN_NOT_ALLOWED",
  accountDisabled: "ACCOUNT_DISABLED",
} as const;

const MESSAGES: Record<string, string> = {
  [SSO_ERROR_CODES.domainNotAllowed]:
    "Single sign-on is not open to your e-mail domain here. Ask an admin for an account (OIDC_ALLOWED_DOMAINS).",
  [SSO_ERROR_CODES.accountDisabled]: "This account is disabled. Ask an admin to enable it.",
  account_not_linked:
    "Your identity provider has not verified this e-mail address, so it cannot open the existing account with it.",
  email_not_found: "The identity provider did not share your e-mail address, which CacheTrail needs.",
  access_denied: "Single sign-on was cancelled at the identity provider.",
};

/** Why an SSO sign-in failed, in words, from the `error` code better-auth sent back. */
export function ssoFailureMessage(code: string | null): string {
  const known = code ? MESSAGES[code] : undefined;
  return known ?? `Single sign-on did not complete${code ? ` (${code})` : ""}. Try again, or sign in with a password.`;
}

/** Whether an e-mail address may sign in with SSO: `allowedDomains` is OIDC_ALLOWED_DOMAINS (empty allows any). */
export function ssoEmailAllowed(email: string, allowedDomains: string): boolean {
  const domains = allowedDomains
    .split(",")
    .map((d) => d.trim().toLowerCase())
    .filter(Boolean);
  const at = email.lastIndexOf("@");
  const domain = at === -1 ? "" : email.slice(at + 1).toLowerCase();
  return domains.length === 0 || domains.includes(domain);
}
