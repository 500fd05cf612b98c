// Checks on the request itself, before anyone's identity matters. Pure: unit tested.
//
// Host allow-list: a DNS-rebinding page makes a browser send requests to 127.0.0.1 under the
// attacker's host name; refusing host names we do not serve stops it reading our answers.
//
// Cross-site requests: a browser session's cookie travels with a form post from any site
// (SameSite=Lax still sends it on top-level POST navigations in some browsers and always on
// same-site sub-domains), so a state-changing request with a session must show, by Sec-Fetch-Site
// or Origin, that the app's own pages sent it. Bearer-token requests carry no ambient credential
// and are exempt.

const LOOPBACK_HOSTS = ["localhost", "127.0.0.1", "[::1]"];

/** The host names the server answers to: loopback always, plus the configured or bound ones. */
export function allowedHostNames(configured: string | undefined, listenHost: string): string[] {
  const extra = configured ? configured.split(",") : ["0.0.0.0", "::", "[::]"].includes(listenHost) ? [] : [listenHost];
  const names = [...LOOPBACK_HOSTS, ...extra.map((h) => h.trim().toLowerCase()).filter(Boolean)];
  return [...new Set(names)];
}

/** "example.com:3000" → "example.com"; "[::1]:3000" → "[::1]". */
export function hostNameOf(hostHeader: string): string {
  const host = hostHeader.trim().toLowerCase();
  if (host.startsWith("[")) return host.slice(0, host.indexOf("]") + 1);
  const colon = host.lastIndexOf(":");
  return colon === -1 ? host : host.slice(0, colon);
}

export function isAllowedHost(hostHeader: string | null, allowed: readonly string[]): boolean {
  if (!hostHeader) return false;
  const name = hostNameOf(hostHeader);
  return allowed.some((pattern) =>
    pattern.startsWith("*.") ? name.endsWith(pattern.slice(1)) && name.length > pattern.length - 1 : name === pattern,
  );
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function isStateChanging(method: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase());
}

/**
 * Why a state-changing request with a session cookie is refused, or null when it came from the app.
 * `host` is the Host header the request arrived with (the app's own origin, as the browser saw it).
 */
export function crossSiteRefusal(headers: Headers, host: string | null): string | null {
  const site = headers.get("sec-fetch-site");
  if (site === "same-origin") return null;
  if (site && site !== "none") return `Refused a ${site} request: it did not come from this app's pages.`;
  const origin = headers.get("origin");
  if (!origin) return "Refused a request without an Origin header: send an API token for scripts.";
  let originHost: string;
  try {
    originHost = new URL(origin).host.toLowerCase();
  } catch {
    return "Refused a request with an unreadable Origin header.";
  }
  if (!host || originHost !== host.toLowerCase()) return `Refused a request from ${origin}: not this app's origin.`;
  return null;
}

/** The header scripts/client-address.mjs sets from the TCP peer's address, replacing any a client sent. */
export const PEER_ADDRESS_HEADER = "x-cachetrail-peer";

/**
 * The client's address. With no trusted proxy (the default) it is the TCP peer, whatever
 * X-Forwarded-For says: a client writes that header itself, and trusting it would let one address
 * pose as many (past the per-address sign-in limit). Behind `trustedProxies` proxies, each appending
 * its peer to X-Forwarded-For, the client is the address the farthest trusted proxy saw: counted
 * from the right, past the entries our own proxies wrote — entries further left are the client's word.
 */
export function clientAddress(headers: Headers, trustedProxies: number): string | null {
  const peer = headers.get(PEER_ADDRESS_HEADER)?.trim() || null;
  if (trustedProxies === 0) return peer;
  const forwarded = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((a) => a.trim())
    .filter(Boolean);
  const chain = peer ? [...forwarded, peer] : forwarded;
  if (chain.length === 0) return null;
  return chain[Math.max(0, chain.length - 1 - trustedProxies)]!;
}
