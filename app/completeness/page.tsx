import type { Metadata } from "next";
import Link from "next/link";
import { ChainGaps, MissingFiles, ModifiedFiles, UnnamedFiles } from "@/components/completeness/file-lists";
import { Heatmap, Legend } from "@/components/completeness/heatmap";
import { PageHeader } from "@/components/layout/page-header";
import { IgnoredParametersNotice } from "@/components/ui/ignored-parameters";
import { Card } from "@/components/ui/card";
import { summaryLine } from "@/lib/completeness/coverage";
import { latestFetches } from "@/lib/completeness/fetch";
import { listLoadedKeys } from "@/lib/completeness/keys";
import { completenessReport, newestDigestDay } from "@/lib/completeness/queries";
import { completenessQuerySchema, type CompletenessQuery } from "@/lib/completeness/schemas";
import { completenessUrl } from "@/lib/completeness/urls";
import { db } from "@/lib/db/client";
import { parseLeniently, type IgnoredParameter } from "@/lib/search-params/lenient";
import { addDays, daysBetween } from "@/lib/sources/layout";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Completeness" };

/** The range shown without parameters: the 30 days up to the newest digest (or today). */
async function defaultRange(): Promise<{ from: string; to: string }> {
  const to = (await newestDigestDay(db())) ?? new Date().toISOString().slice(0, 10);
  return { from: addDays(to, -29), to };
}

function hoursOf(from: string, to: string): string[] {
  return daysBetween(from, to).flatMap((day) =>
    Array.from({ length: 24 }, (_, h) => `${day}T${String(h).padStart(2, "0")}:00:00.000Z`),
  );
}

export default async function CompletenessPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const raw = await searchParams;
  const fallback = await defaultRange();
  // A mangled link still opens: bad parameters are dropped, and a range that cannot stand falls back.
  let query: CompletenessQuery;
  let ignored: IgnoredParameter[] = [];
  try {
    ({ value: query, ignored } = parseLeniently(completenessQuerySchema, raw, fallback));
  } catch {
    query = fallback;
  }
  const [report, loadedKeys] = await Promise.all([completenessReport(db(), query), listLoadedKeys(db())]);
  const keyRefusals = loadedKeys.fetches.filter((f) => f.error);
  const { summary } = report;
  const drilled = query.from === query.to && query.account && query.region;
  const step = report.hours ? "hour" : "day";
  const problems = summary.missing + summary.modified + summary.chainGaps + summary.signatures.invalid;
  return (
    <>
      <PageHeader
        title="Completeness"
        description="Which log files CloudTrail's digest files say were delivered, which were read, and whether they are untampered."
      />
      <IgnoredParametersNotice ignored={ignored} />
      <Card className="mb-4" data-testid="completeness-summary">
        <p className={`text-sm font-medium ${problems > 0 ? "text-failure" : "text-success"}`}>
          {summaryLine(report.from, report.to, summary)}
        </p>
        {summary.signatures.unverified > 0 && summary.signatures.invalid === 0 && (
          <p className="mt-1 text-xs text-slate-500">
            A signature is unverified when no public key with its fingerprint is loaded (Sources page, or{" "}
            <code>npm run keys -- import FILE</code>) or the digest&apos;s signature is unknown: CloudTrail keeps it in
            the S3 object&apos;s metadata, and the next digest repeats it.
          </p>
        )}
        {summary.signatures.unverified > 0 &&
          keyRefusals.map((f) => (
            <p key={f.source} className="mt-1 text-xs text-failure" data-testid="key-fetch-refused">
              Public keys for {f.source} could not be fetched ({f.attemptedAt.slice(0, 16).replace("T", " ")} UTC):{" "}
              {f.error}
            </p>
          ))}
        {(query.account || query.from !== fallback.from || query.to !== fallback.to) && (
          <p className="mt-2 text-sm">
            <Link className="text-indigo-700 hover:underline" href={completenessUrl()}>
              ← Back to the last 30 days
            </Link>
          </p>
        )}
      </Card>
      <Card className="mb-4">
        <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
          <h2 className="text-sm font-semibold">
            {drilled ? `${query.account} ${query.region}, ${query.from}, by hour` : `By ${step}, UTC`}
          </h2>
          <Legend />
        </div>
        {report.streams.length === 0 ? (
          <p className="text-sm text-slate-600">
            No digest files in this range. Digests are read from uploads, the CLI and S3 sources once log file
            validation is on for the trail.
          </p>
        ) : (
          <Heatmap
            step={step}
            columns={step === "hour" ? hoursOf(query.from, query.to) : daysBetween(query.from, query.to)}
            streams={report.streams}
            cells={report.hours ?? report.days}
          />
        )}
      </Card>
      <div className="space-y-4">
        <ModifiedFiles files={report.modified} total={summary.modified} />
        <MissingFiles
          files={report.missing}
          total={summary.missing}
          fetches={await latestFetches(
            db(),
            report.missing.map((f) => f.key),
          )}
        />
        <ChainGaps gaps={report.chainGaps} />
        <UnnamedFiles files={report.unnamed} total={summary.unnamed} />
      </div>
    </>
  );
}
