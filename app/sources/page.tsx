import { PageHeader } from "@/components/layout/page-header";
import { Code } from "@/components/ui/code";
import { EmptyState } from "@/components/ui/empty-state";

export default function SourcesPage() {
  return (
    <>
      <PageHeader
        title="Sources"
        description="Where CacheTrail gets CloudTrail files: uploads, the CLI, and S3 buckets."
      />
      <EmptyState title="No S3 bucket connected" actions={[{ href: "/upload", label: "Upload CloudTrail files" }]}>
        Syncing the S3 bucket a trail delivers to is coming next. Until then, upload files here or load them from a
        terminal with <Code>npm run ingest -- path/to/AWSLogs</Code>.
      </EmptyState>
    </>
  );
}
