"use client";

import { useActionState } from "react";
import { createFirstAdminAction, type SetupState } from "@/app/setup/actions";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { fieldClasses } from "@/components/ui/field";

const FIELDS = [
  { name: "email", label: "E-mail", type: "email", autoComplete: "username" },
  { name: "name", label: "Name (optional)", type: "text", autoComplete: "name" },
  { name: "password", label: "Password (12 characters or more)", type: "password", autoComplete: "new-password" },
  { name: "confirm", label: "Password again", type: "password", autoComplete: "new-password" },
] as const;

export function SetupForm() {
  const [state, action, pending] = useActionState<SetupState, FormData>(createFirstAdminAction, { error: null });
  return (
    <Card className="mx-auto mt-10 max-w-md">
      <h1 className="text-xl font-semibold tracking-tight">Welcome to CacheTrail</h1>
      <p className="mt-1 text-sm text-slate-600">
        Nobody can sign in yet. Create the first admin: they add everyone else on the Users page.
      </p>
      <form action={action} className="mt-4 space-y-3" aria-label="Create the first admin">
        {FIELDS.map((f) => (
          <label key={f.name} className="block text-sm">
            <span className="mb-1 block font-medium text-slate-700">{f.label}</span>
            <input
              name={f.name}
              type={f.type}
              autoComplete={f.autoComplete}
              required={f.name !== "name"}
              minLength={f.type === "password" ? 12 : undefined}
              className={fieldClasses("md", "w-full")}
            />
          </label>
        ))}
        {state.error && (
          <p role="alert" className="text-sm text-failure">
            {state.error}
          </p>
        )}
        <Button type="submit" variant="primary" disabled={pending} className="w-full">
          Create admin
        </Button>
      </form>
    </Card>
  );
}
