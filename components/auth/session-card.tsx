"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, SectionLabel } from "@/components/ui/card";
import { ROLE_DESCRIPTIONS, type Role } from "@/lib/auth/roles";

/** Signs out of this browser, or every browser (better-auth deletes the sessions). */
export async function signOut(everywhere = false): Promise<void> {
  await fetch(everywhere ? "/api/auth/revoke-sessions" : "/api/auth/sign-out", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: "{}",
  });
  if (everywhere)
    await fetch("/api/auth/sign-out", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
  // A full load, not router.push: every server component must forget the session.
  // eslint-disable-next-line @next/next/no-location-assign-relative-destination
  window.location.assign("/sign-in");
}

export function SessionCard({ email, role }: { email: string; role: Role }) {
  const [busy, setBusy] = useState(false);
  return (
    <Card aria-label="Your account">
      <SectionLabel className="mb-2">Your account</SectionLabel>
      <p className="text-sm">
        Signed in as <strong>{email}</strong>, {role} ({ROLE_DESCRIPTIONS[role]}).
      </p>
      <div className="mt-3 flex flex-wrap gap-2">
        <Button disabled={busy} onClick={() => (setBusy(true), void signOut())}>
          Sign out
        </Button>
        <Button variant="danger" disabled={busy} onClick={() => (setBusy(true), void signOut(true))}>
          Sign out everywhere
        </Button>
      </div>
    </Card>
  );
}
