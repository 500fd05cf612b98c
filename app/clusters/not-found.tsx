"use client";

import { useParams } from "next/navigation";
import { Code } from "@/components/ui/code";
import { EmptyState } from "@/components/ui/empty-state";
import { eventsPageUrl } from "@/lib/events/filters";
import { isResourceKind, kindInfo } from "@/lib/resources/kinds";
import { resourceListHref } from "@/lib/resources/list-params";

// A resource URL that names nothing ingested here: say which one, and where to look next.

function decodeSegment(segment: string | undefined): string {
  try {
    return decodeURIComponent(segment ?? "");
  } catch {
    return segment ?? "";
  }
}

export default function ResourceNotFound() {
  const params = useParams<{ account?: string; region?: string; kind?: string; id?: string }>();
  const id = decodeSegment(params?.id);
  const kind = decodeSegment(params?.kind);
  const known = isResourceKind(kind);
  const noun = known ? kindInfo(kind).singular.toLowerCase() : "resource";
  return (
    <EmptyState
      title={known ? `No such ${noun}` : "No such resource"}
      actions={[
        {
          href: resourceListHref({ q: id && id.length <= 200 ? id : undefined, kind: known ? kind : undefined }),
          label: known ? `Find it among ${kindInfo(kind).label.toLowerCase()}` : "Browse resources",
        },
        ...(id && id.length <= 256 ? [{ href: eventsPageUrl({ q: id }), label: "Search events for this id" }] : []),
        { href: "/upload", label: "Upload CloudTrail files" },
      ]}
    >
      {known ? (
        <>
          No stored event names the {noun} <Code className="break-all">{id || "(none)"}</Code> in account{" "}
          <Code>{decodeSegment(params?.account)}</Code>, region <Code>{decodeSegment(params?.region)}</Code>. The id may
          live in another account or region, or the trail files that mention it are not loaded yet.
        </>
      ) : (
        <>
          <Code className="break-all">{kind}</Code> is not a kind of ElastiCache resource CacheTrail knows. Resource
          links look like <Code>/clusters/&lt;account&gt;/&lt;region&gt;/&lt;kind&gt;/&lt;id&gt;</Code>.
        </>
      )}
    </EmptyState>
  );
}
