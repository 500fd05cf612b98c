"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, SectionLabel } from "@/components/ui/card";
import { TextLink } from "@/components/ui/text-link";
import { Table, TableBody, TableCard, TableHead, Td, Th } from "@/components/ui/table";
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
      {links.data && links.data.links.length > 0 && (
        <TableCard flat>
          <Table compact>
            <TableHead compact>
              <tr>
                <Th compact>Event</Th>
                <Th compact>Created by</Th>
                <Th compact>Expires</Th>
                <Th compact>Views</Th>
                <Th compact>
                  <span className="sr-only">Actions</span>
                </Th>
              </tr>
            </TableHead>
            <TableBody compact>
              {links.data.links.map((l) => (
                <tr key={l.id}>
                  <Td compact>
                    <TextLink href={eventUrl(l.eventId)}>{l.eventName ?? l.eventId}</TextLink>
                  </Td>
                  <Td compact>{l.creator}</Td>
                  <Td compact>{day(l.expiresAt)}</Td>
                  <Td compact>{l.views}</Td>
                  <Td compact>
                    {l.revokedAt ? (
                      <Badge tone="neutral">revoked</Badge>
                    ) : l.expiresAt <= now ? (
                      <Badge tone="neutral">expired</Badge>
                    ) : (
                      <Button size="sm" variant="danger" onClick={() => revoke.mutate(l.id)}>
                        Revoke
                      </Button>
                    )}
                  </Td>
                </tr>
              ))}
            </TableBody>
          </Table>
        </TableCard>
      )}
    </Card>
  );
}
