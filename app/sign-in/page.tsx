import type { Metadata } from "next";
import { SignInForm } from "@/components/auth/sign-in-form";
import { oidcEnabled } from "@/lib/auth/better-auth";
import { ssoFailureMessage } from "@/lib/auth/sso";
import { safeReturnPath } from "@/lib/auth/urls";
import { env } from "@/lib/env";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sign in" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SignInPage({ searchParams }: Props) {
  const params = await searchParams;
  const next = safeReturnPath(typeof params.next === "string" ? params.next : null);
  const ssoFailure =
    params.sso === "failed" ? ssoFailureMessage(typeof params.error === "string" ? params.error : null) : null;
  return (
    <SignInForm
      next={next}
      sso={oidcEnabled() ? env.OIDC_NAME : null}
      created={params.created === "1"}
      ssoFailure={ssoFailure}
    />
  );
}
