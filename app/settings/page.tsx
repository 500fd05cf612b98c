import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SessionCard } from "@/components/auth/session-card";
import { ShareLinksCard } from "@/components/auth/share-links-card";
import { TokensCard } from "@/components/auth/tokens-card";
import { PageHeader } from "@/components/layout/page-header";
import { authKeys } from "@/lib/auth/api-client";
import { currentPrincipal } from "@/lib/auth/server";
import { listShareLinks } from "@/lib/auth/share-links";
import { listApiTokens } from "@/lib/auth/tokens";
import { signInUrl, SETTINGS_PATH } from "@/lib/auth/urls";
import { db } from "@/lib/db/client";
import { makeQueryClient } from "@/lib/query-client";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const principal = await currentPrincipal();
  if (!principal) redirect(signInUrl(SETTINGS_PATH));
  const mine = principal.role === "admin" ? {} : { userId: principal.userId };
  const queryClient = makeQueryClient();
  queryClient.setQueryData(authKeys.tokens(), { tokens: await listApiTokens(db(), mine) });
  queryClient.setQueryData(authKeys.shareLinks(), { links: await listShareLinks(db(), mine) });
  return (
    <>
      <PageHeader title="Settings" description="Your account, your API tokens and the share links you made." />
      <HydrationBoundary state={dehydrate(queryClient)}>
        <div className="space-y-4">
          <SessionCard email={principal.email} role={principal.role} />
          <TokensCard role={principal.role} showOwner={principal.role === "admin"} />
          <ShareLinksCard />
        </div>
      </HydrationBoundary>
    </>
  );
}
