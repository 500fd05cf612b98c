"use client";

import Link from "next/link";
import { signOut } from "./session-card";
import { ADMIN_USERS_PATH, SETTINGS_PATH } from "@/lib/auth/urls";
import type { Role } from "@/lib/auth/roles";

/** The signed-in person in the header: settings, users (admins), sign out. */
export function UserMenu({ email, role }: { email: string; role: Role }) {
  const link = "rounded-md px-2 py-1 text-sm text-slate-300 hover:bg-slate-800 hover:text-white";
  return (
    <div className="flex flex-wrap items-center gap-1" aria-label="Signed in as">
      <Link href={SETTINGS_PATH} className={link} title={`${email} (${role})`}>
        <span className="inline-block max-w-40 truncate align-bottom">{email}</span>
      </Link>
      {role === "admin" && (
        <Link href={ADMIN_USERS_PATH} className={link}>
          Users
        </Link>
      )}
      <button type="button" className={link} onClick={() => void signOut()}>
        Sign out
      </button>
    </div>
  );
}
