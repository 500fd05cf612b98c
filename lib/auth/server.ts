import "server-only";
import { headers } from "next/headers";
import { cache } from "react";
import { db } from "@/lib/db/client";
import { principalFromHeaders } from "./current";
import type { Principal } from "./principal";

/** Who is looking at this page (the proxy has let them in); once per request. */
export const currentPrincipal = cache(async (): Promise<Principal | null> => {
  const requestHeaders = await headers();
  // No cookie and no token: nobody, without asking the database (the prerendered 404 page has neither).
  if (!requestHeaders.get("cookie") && !requestHeaders.get("authorization")) return null;
  return principalFromHeaders(db(), requestHeaders);
});
