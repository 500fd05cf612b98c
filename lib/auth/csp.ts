// The Content-Security-Policy of every page: scripts only from this origin and with the request's
// nonce (Next.js puts it on its own inline scripts), no 'unsafe-inline' for scripts. Styles keep
// 'unsafe-inline' because charts set style attributes; a style cannot run code. Pure.

export function contentSecurityPolicy(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}
