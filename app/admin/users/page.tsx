import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { UsersAdmin } from "@/components/auth/users-admin";
import { PageHeader } from "@/components/layout/page-header";
import { TextLink } from "@/components/ui/text-link";
import { authKeys } from "@/lib/auth/api-client";
import { currentPrincipal } from "@/lib/auth/server";
import { ADMIN_AUDIT_PATH, ADMIN_USERS_PATH, signInUrl } from "@/lib/auth/urls";
import { listUsers } from "@/lib/auth/users";
import { db } from "@/lib/db/client";
import { makeQueryClient } from "@/lib/query-client";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const principal = await currentPrincipal();
  if (!principal || principal.role !== "admin") redirect(signInUrl(ADMIN_USERS_PATH));
  const queryClient = makeQueryClient();
  queryClient.setQueryData(authKeys.users(), { users: await listUsers(db()) });
  return (
    <>
      <PageHeader
        title="Users"
        description={
          <>
            Who can sign in and what they may do: viewers read, uploaders also add files, admins also manage sources and
            users. Every change is in the <TextLink href={ADMIN_AUDIT_PATH}>audit log</TextLink>.
          </>
        }
      />
      <HydrationBoundary state={dehydrate(queryClient)}>
        <UsersAdmin selfId={principal.userId} />
      </HydrationBoundary>
    </>
  );
}
