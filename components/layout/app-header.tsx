import Link from "next/link";
import { UserMenu } from "@/components/auth/user-menu";
import { TimeZoneToggle } from "@/components/time/time-zone";
import type { Principal } from "@/lib/auth/principal";
import { MainNav } from "./main-nav";

/** Signed out (sign-in, first run, a share link) it shows the name only: nothing behind it opens. */
export function AppHeader({ principal }: { principal: Principal | null }) {
  return (
    <header className="sticky top-0 z-20 bg-slate-900 text-white shadow">
      <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-4 px-4 py-2">
        <Link href="/" className="flex items-center gap-2 text-lg font-semibold tracking-tight">
          <span aria-hidden className="inline-block h-3 w-3 rounded-sm bg-indigo-400" />
          CacheTrail
        </Link>
        {principal && <MainNav />}
        <div className="ml-auto flex flex-wrap items-center gap-2">
          <TimeZoneToggle />
          {principal && <UserMenu email={principal.email} role={principal.role} />}
        </div>
      </div>
    </header>
  );
}
