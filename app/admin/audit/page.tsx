import type { Metadata } from "next";
import { PageHeader } from "@/components/layout/page-header";
import { Table, TableBody, TableCard, TableHead, Td, Th } from "@/components/ui/table";
import { AUDIT_ACTION_LABELS, auditActionSchema } from "@/lib/auth/audit-actions";
import { listAudit } from "@/lib/auth/audit";
import { db } from "@/lib/db/client";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Audit log" };

/** Sign-ins, tokens, share links, users and roles: the newest 200 (admins only, by the proxy). */
export default async function AuditPage() {
  const entries = await listAudit(db());
  return (
    <>
      <PageHeader title="Audit log" description="Who signed in, and who changed access to CacheTrail: newest first." />
      <TableCard>
        <Table compact>
          <TableHead compact>
            <tr>
              <Th compact>When (UTC)</Th>
              <Th compact>Who</Th>
              <Th compact>What</Th>
              <Th compact>Of</Th>
              <Th compact>From</Th>
            </tr>
          </TableHead>
          <TableBody compact>
            {entries.map((e) => {
              const action = auditActionSchema.safeParse(e.action);
              return (
                <tr key={e.id}>
                  <Td compact className="whitespace-nowrap">
                    {e.at.slice(0, 19).replace("T", " ")}
                  </Td>
                  <Td compact>{e.actor}</Td>
                  <Td compact>{action.success ? AUDIT_ACTION_LABELS[action.data] : e.action}</Td>
                  <Td compact>{e.target ?? "—"}</Td>
                  <Td compact>{e.ip ?? "—"}</Td>
                </tr>
              );
            })}
          </TableBody>
        </Table>
      </TableCard>
    </>
  );
}
