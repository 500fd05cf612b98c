"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Card, SectionLabel } from "@/components/ui/card";
import { RevocableTable } from "@/components/ui/revocable-table";
import { TextLink } from "@/components/ui/text-link";
import { authKeys, fetchShareLinks, revokeShareLink } from "@/lib/auth/api-client";
import { eventUrl } from "@/lib/urls";

const day = (iso: string) => iso.slice(0, 16).replace("T", " ") + " UTC";

export function ShareLinksCard() {
  const queryClient = useQueryClient();
  const links = useQuery({ queryKey: authKeys.shareLinks(), queryFn: ({ signal }) => fetchShareLinks(signal) });
  const revoke = useMutation({
    mutationFn: revokeShareLink,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: authKeys.shareLinks() }),
  });
  const now = new Date().toISOString();
  return (
    <Card aria-label="Share links">
      <SectionLabel className="mb-2">Share links</SectionLabel>
      <p className="mb-3 text-sm text-slate-600">
        Read-only links to one event that open without signing in, made with “Share” on an event page.
      </p>
      {links.data && links.data.links.length === 0 && <p className="text-sm text-slate-500">None yet.</p>}
      {links.data && (
        <RevocableTable
          rows={links.data.links}
          columns={[
            {
              header: "Event",
              cell: (l) => <TextLink href={eventUrl(l.eventId)}>{l.eventName ?? l.eventId}</TextLink>,
            },
            { header: "Created by", cell: (l) => l.creator },
            { header: "Expires", cell: (l) => day(l.expiresAt) },
            { header: "Views", cell: (l) => l.views },
          ]}
          expired={(l) => l.expiresAt <= now}
          revokeLabel={() => "Revoke"}
          onRevoke={(l) => revoke.mutate(l.id)}
        />
      )}
    </Card>
  );
}
