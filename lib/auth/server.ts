import "server-only";
import { headers } from "next/headers";
import { cache } from "react";
import { db } from "@/lib/db/client";
import { principalFromHeaders } from "./current";
import type { Principal } from "./principal";

/** Who is looking at this page (the proxy has let them in); once per request. */
export const currentPrincipal = cache(async (): Promise<Principal | null> =>
  principalFromHeaders(db(), await headers()),
);
