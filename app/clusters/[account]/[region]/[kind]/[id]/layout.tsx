import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { db } from "@/lib/db/client";
import { findResource } from "@/lib/resources/queries";
import { resourcePathSchema } from "@/lib/resources/resource-path";

export const dynamic = "force-dynamic";

// The page below streams behind a loading skeleton, and a notFound() there would arrive with
// a 200 already sent. This layout renders before that boundary: a resource that no event
// names answers with a real 404 (app/clusters/not-found.tsx), as a pasted link should.
export default async function ResourceLayout({
  params,
  children,
}: {
  params: Promise<Record<string, string>>;
  children: ReactNode;
}) {
  const path = resourcePathSchema.safeParse(await params);
  if (!path.success || !(await findResource(db(), path.data))) notFound();
  return children;
}
