"use client";

import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { fieldClasses } from "@/components/ui/field";

/** Where better-auth sends a failed SSO sign-in back to (it adds `error=<code>`). */
const SSO_FAILED_URL = "/sign-in?sso=failed";

// Talks to better-auth's endpoints directly (/api/auth/…); a full page load afterwards so every
// server component sees the new session.

async function messageOf(response: Response): Promise<string> {
  const body = (await response.json().catch(() => null)) as { message?: string; code?: string } | null;
  if (response.status === 429 && body?.message) return body.message;
  if (response.status === 401 || response.status === 403)
    return "Wrong e-mail or password, or this account is disabled.";
  return body?.message ?? `Sign-in failed (the server answered ${response.status}).`;
}

export function SignInForm({
  next,
  sso,
  created,
  ssoFailure,
}: {
  next: string;
  sso: string | null;
  created: boolean;
  /** Why the last SSO sign-in came back refused, or null. */
  ssoFailure: string | null;
}) {
  const [error, setError] = useState<string | null>(ssoFailure);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    const response = await fetch("/api/auth/sign-in/email", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: form.get("email"), password: form.get("password") }),
    });
    if (response.ok) return window.location.assign(next);
    setBusy(false);
    setError(await messageOf(response));
  }

  async function signInWithSso() {
    setBusy(true);
    setError(null);
    const response = await fetch("/api/auth/sign-in/social", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ provider: "oidc", callbackURL: next, errorCallbackURL: SSO_FAILED_URL }),
    });
    const body = (await response.json().catch(() => null)) as { url?: string } | null;
    if (response.ok && body?.url) return window.location.assign(body.url);
    setBusy(false);
    setError(await messageOf(response));
  }

  return (
    <Card className="mx-auto mt-10 max-w-sm">
      <h1 className="mb-1 text-xl font-semibold tracking-tight">Sign in to CacheTrail</h1>
      {created && <p className="mb-2 text-sm text-success">The admin account is ready: sign in with it.</p>}
      <form onSubmit={submit} className="mt-4 space-y-3" aria-label="Sign in">
        <label className="block text-sm">
          <span className="mb-1 block font-medium text-slate-700">E-mail</span>
          <input name="email" type="email" autoComplete="username" required className={fieldClasses("md", "w-full")} />
        </label>
        <label className="block text-sm">
          <span className="mb-1 block font-medium text-slate-700">Password</span>
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            required
            className={fieldClasses("md", "w-full")}
          />
        </label>
        {error && (
          <p role="alert" className="text-sm text-failure">
            {error}
          </p>
        )}
        <Button type="submit" variant="primary" disabled={busy} className="w-full">
          Sign in
        </Button>
      </form>
      {sso && (
        <div className="mt-4 border-t border-slate-200 pt-4">
          <Button onClick={signInWithSso} disabled={busy} className="w-full">
            Sign in with {sso}
          </Button>
        </div>
      )}
    </Card>
  );
}
