import { PageHeader } from "@/components/layout/page-header";
import { EmptyState } from "@/components/ui/empty-state";

export default function UploadPage() {
  return (
    <>
      <PageHeader title="Upload" description="Add CloudTrail files (.json, .json.gz, NDJSON, lookup-events output)." />
      <EmptyState title="Upload from a terminal for now">
        Load files or whole AWSLogs folders with <code className="rounded bg-slate-100 px-1">npm run ingest -- path/to/AWSLogs</code>.
      </EmptyState>
    </>
  );
}
