import type { ReactNode } from "react";
import { Badge } from "./badge";
import { Button } from "./button";
import { Table, TableBody, TableCard, TableHead, Td, Th } from "./table";

export interface RevocableColumn<T> {
  header: string;
  cell: (row: T) => ReactNode;
}

/**
 * A compact table of credentials (API tokens, share links) with a last column that revokes each:
 * "revoked" or "expired" once it no longer works, else a Revoke button. Nothing when there are no rows.
 */
export function RevocableTable<T extends { id: string; revokedAt: string | null }>({
  rows,
  columns,
  expired = () => false,
  revokeLabel,
  onRevoke,
}: {
  rows: T[];
  columns: RevocableColumn<T>[];
  expired?: (row: T) => boolean;
  /** The button's text: "Revoke", or "Revoke <name>" where the row's name tells them apart. */
  revokeLabel: (row: T) => string;
  onRevoke: (row: T) => void;
}) {
  if (rows.length === 0) return null;
  return (
    <TableCard flat>
      <Table compact>
        <TableHead compact>
          <tr>
            {columns.map((c) => (
              <Th compact key={c.header}>
                {c.header}
              </Th>
            ))}
            <Th compact>
              <span className="sr-only">Actions</span>
            </Th>
          </tr>
        </TableHead>
        <TableBody compact>
          {rows.map((row) => (
            <tr key={row.id}>
              {columns.map((c) => (
                <Td compact key={c.header}>
                  {c.cell(row)}
                </Td>
              ))}
              <Td compact>
                {row.revokedAt ? (
                  <Badge tone="neutral">revoked</Badge>
                ) : expired(row) ? (
                  <Badge tone="neutral">expired</Badge>
                ) : (
                  <Button size="sm" variant="danger" onClick={() => onRevoke(row)}>
                    {revokeLabel(row)}
                  </Button>
                )}
              </Td>
            </tr>
          ))}
        </TableBody>
      </Table>
    </TableCard>
  );
}
