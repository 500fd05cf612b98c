import { roleAllows, type Access, type Role } from "./roles";
import { SETUP_PATH, SHARE_PATH_PREFIX, SIGN_IN_PATH } from "./urls";

// What each page needs, by path: the proxy (proxy.ts) enforces it before a page renders. Pure.
// A page not listed needs a viewer: a new page is signed-in by default, never open by accident.

const RULES: { prefix: string; access: Access }[] = [
  { prefix: SIGN_IN_PATH, access: "public" },
  { prefix: SETUP_PATH, access: "public" },
  { prefix: SHARE_PATH_PREFIX, access: "public" },
  { prefix: "/upload", access: "uploader" },
  { prefix: "/admin", access: "admin" },
];

function under(path: string, prefix: string): boolean {
  return prefix.endsWith("/") ? path.startsWith(prefix) : path === prefix || path.startsWith(`${prefix}/`);
}

export function pageAccess(path: string): Access {
  return RULES.find((rule) => under(path, rule.prefix))?.access ?? "viewer";
}

/**
 * Whether to offer a link to `href` to someone of `role` (null: not known, e.g. a prerendered page):
 * the page's own access, or `needs` when the action behind the link needs more than the page (the
 * sources page is open to viewers, adding a bucket there is not). Unknown roles see viewer links only.
 */
export function linkOffered(role: Role | null, href: string, needs?: Access): boolean {
  const access = needs ?? pageAccess(new URL(href, "http://x").pathname);
  return access === "public" || roleAllows(role ?? "viewer", access);
}
