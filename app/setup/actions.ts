"use server";

import { redirect } from "next/navigation";
import { ApiError } from "@/lib/api/handler";
import { recordAudit } from "@/lib/auth/audit";
import { createFirstAdmin } from "@/lib/auth/users";
import { db } from "@/lib/db/client";

export interface SetupState {
  error: string | null;
}

/** The first-run form: creates the first admin while nobody exists (Next.js checks a server action's Origin). */
export async function createFirstAdminAction(_: SetupState, form: FormData): Promise<SetupState> {
  const email = String(form.get("email") ?? "");
  const password = String(form.get("password") ?? "");
  if (password !== String(form.get("confirm") ?? "")) return { error: "The two passwords differ." };
  try {
    const user = await createFirstAdmin(db(), { email, password, name: String(form.get("name") ?? "") });
    await recordAudit(db(), { actor: user.email, action: "setup.first-admin", target: user.email });
  } catch (error) {
    if (error instanceof ApiError) return { error: error.message };
    throw error;
  }
  redirect("/sign-in?created=1");
}
