import { PageHeader } from "@/components/layout/page-header";
import { EmptyState } from "@/components/ui/empty-state";

export const dynamic = "force-dynamic";

export default function IngestionsPage() {
  return (
    <>
      <PageHeader title="Ingestions" description="Every upload, CLI run and S3 sync, with per-file outcomes." />
      <EmptyState title="No ingestions yet" actions={[{ href: "/upload", label: "Upload CloudTrail files" }]}>
        Each upload, CLI run or S3 sync will be listed here with its files, counts and errors.
      </EmptyState>
    </>
  );
}
