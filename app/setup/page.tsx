import type { Metadata } from "next";
import { SetupForm } from "@/components/auth/setup-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "First start" };

/** Reached only while no user exists (the proxy sends everyone here then, and away afterwards). */
export default function SetupPage() {
  return <SetupForm />;
}
