import type { Metadata } from "next";
import type { ReactNode } from "react";
import { RoleProvider } from "@/components/auth/role-context";
import { AppHeader } from "@/components/layout/app-header";
import { Providers } from "@/components/providers";
import { currentPrincipal } from "@/lib/auth/server";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "CacheTrail", template: "%s · CacheTrail" },
  description: "Who changed this ElastiCache cluster, when, from where, and what exactly changed.",
  icons: { icon: "/favicon.svg" },
};

// Reading who is signed in makes every page dynamic, which the CSP nonce needs anyway (proxy.ts).
export default async function RootLayout({ children }: { children: ReactNode }) {
  const principal = await currentPrincipal();
  return (
    <html lang="en">
      <body className="min-h-screen">
        <Providers>
          <RoleProvider role={principal?.role ?? null}>
            <AppHeader principal={principal} />
            <main className="mx-auto max-w-7xl px-4 py-6">{children}</main>
          </RoleProvider>
        </Providers>
      </body>
    </html>
  );
}
