import Link from "next/link";
import { TimeZoneToggle } from "@/components/time/time-zone";
import { MainNav } from "./main-nav";

export function AppHeader() {
  return (
    <header className="sticky top-0 z-20 bg-slate-900 text-white shadow">
      <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-4 px-4 py-2">
        <Link href="/" className="flex items-center gap-2 text-lg font-semibold tracking-tight">
          <span aria-hidden className="inline-block h-3 w-3 rounded-sm bg-indigo-400" />
          CacheTrail
        </Link>
        <MainNav />
        <div className="ml-auto">
          <TimeZoneToggle />
        </div>
      </div>
    </header>
  );
}
