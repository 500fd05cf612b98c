"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useRole } from "@/components/auth/role-context";
import { linkOffered } from "@/lib/auth/page-access";

export const SECTIONS = [
  { href: "/", label: "Overview" },
  { href: "/clusters", label: "Clusters" },
  { href: "/actors", label: "Actors" },
  { href: "/security", label: "Security" },
  { href: "/events", label: "Events" },
  { href: "/upload", label: "Upload" },
  { href: "/ingestions", label: "Ingestions" },
  { href: "/sources", label: "Sources" },
  { href: "/completeness", label: "Completeness" },
] as const;

/** The sections whose pages the signed-in role may open (a viewer has no Upload). */
export function MainNav() {
  const pathname = usePathname();
  const role = useRole();
  return (
    <nav aria-label="Main" className="flex flex-wrap gap-1">
      {SECTIONS.filter(({ href }) => linkOffered(role, href)).map(({ href, label }) => {
        const active = href === "/" ? pathname === "/" : pathname.startsWith(href);
        return (
          <Link
            key={href}
            href={href}
            aria-current={active ? "page" : undefined}
            className={`rounded-md px-3 py-1.5 text-sm font-medium ${
              active ? "bg-slate-700 text-white" : "text-slate-300 hover:bg-slate-800 hover:text-white"
            }`}
          >
            {label}
          </Link>
        );
      })}
    </nav>
  );
}
