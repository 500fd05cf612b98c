import type { Metadata } from "next";
import { PageHeader } from "@/components/layout/page-header";
import { UploadPanel } from "@/components/upload/upload-panel";
import { uploadLimits } from "@/lib/ingest/upload-limits";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Upload" };

export default function UploadPage() {
  const limits = uploadLimits();
  return (
    <>
      <PageHeader
        title="Upload"
        description="Add CloudTrail files or whole AWSLogs folders: each file is read as it arrives, and you see what it added."
      />
      <UploadPanel maxFileBytes={limits.maxFileBytes} maxDecompressedBytes={limits.maxDecompressedBytes} />
    </>
  );
}
