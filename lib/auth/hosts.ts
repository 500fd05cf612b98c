import "server-only";
import { env } from "@/lib/env";
import { allowedHostNames } from "./request-guards";

/** The host names this server answers to (CACHETRAIL_ALLOWED_HOSTS, else loopback and HOST). */
export function allowedHosts(): string[] {
  return allowedHostNames(env.CACHETRAIL_ALLOWED_HOSTS, env.HOST);
}

/** The same as better-auth's host patterns, which include the port. */
export function allowedHostPatterns(): string[] {
  return allowedHosts().flatMap((name) => [name, `${name}:*`]);
}
