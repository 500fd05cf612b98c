// Every link of sign-in, settings, admin and share pages (the house builds links in one place).

export const SIGN_IN_PATH = "/sign-in";
export const SETUP_PATH = "/setup";
export const SETTINGS_PATH = "/settings";
export const ADMIN_USERS_PATH = "/admin/users";
export const ADMIN_AUDIT_PATH = "/admin/audit";
export const SHARE_PATH_PREFIX = "/share/";

/** Only a path of this app is a place to return to after sign-in (never another site). */
export function safeReturnPath(next: string | null | undefined): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return "/";
  return next;
}

export function signInUrl(next?: string): string {
  const back = safeReturnPath(next);
  return back === "/" ? SIGN_IN_PATH : `${SIGN_IN_PATH}?next=${encodeURIComponent(back)}`;
}

export function shareUrl(key: string): string {
  return `${SHARE_PATH_PREFIX}${encodeURIComponent(key)}`;
}

export function apiTokenUrl(id: string): string {
  return `/api/tokens/${encodeURIComponent(id)}`;
}

export function shareLinkApiUrl(id: string): string {
  return `/api/share-links/${encodeURIComponent(id)}`;
}

export function userApiUrl(id: string): string {
  return `/api/users/${encodeURIComponent(id)}`;
}
