"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Card, SectionLabel } from "@/components/ui/card";
import { Code } from "@/components/ui/code";
import { fieldClasses } from "@/components/ui/field";
import { RevocableTable } from "@/components/ui/revocable-table";
import { describeError } from "@/lib/api/fetch-json";
import { authKeys, createToken, fetchTokens, revokeToken } from "@/lib/auth/api-client";
import { roleAllows, roleSchema, type Role } from "@/lib/auth/roles";

type Token = Awaited<ReturnType<typeof fetchTokens>>["tokens"][number];

const day = (iso: string | null) => (iso ? iso.slice(0, 16).replace("T", " ") + " UTC" : "—");

export function TokensCard({ role, showOwner }: { role: Role; showOwner: boolean }) {
  const queryClient = useQueryClient();
  const tokens = useQuery({ queryKey: authKeys.tokens(), queryFn: ({ signal }) => fetchTokens(signal) });
  const [created, setCreated] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: createToken,
    onSuccess: (answer) => {
      setCreated(answer.token);
      void queryClient.invalidateQueries({ queryKey: authKeys.tokens() });
    },
  });
  const revoke = useMutation({
    mutationFn: revokeToken,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: authKeys.tokens() }),
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const days = Number(form.get("days"));
    create.mutate({
      name: String(form.get("name")),
      role: roleSchema.parse(form.get("role")),
      ...(days > 0 ? { expiresInDays: days } : {}),
    });
  }

  return (
    <Card aria-label="API tokens">
      <SectionLabel className="mb-2">API tokens</SectionLabel>
      <p className="mb-3 text-sm text-slate-600">
        For scripts: send <Code>Authorization: Bearer &lt;token&gt;</Code> to any page or API. A token never does more
        than your role.
      </p>
      <form onSubmit={submit} className="mb-3 flex flex-wrap items-end gap-2 text-sm" aria-label="New API token">
        <label>
          <span className="block text-xs text-slate-600">Name</span>
          <input name="name" required maxLength={100} className={fieldClasses("md")} placeholder="ci-upload" />
        </label>
        <label>
          <span className="block text-xs text-slate-600">Role</span>
          <select name="role" defaultValue={role} className={fieldClasses("md")}>
            {roleSchema.options
              .filter((r) => roleAllows(role, r))
              .map((r) => (
                <option key={r}>{r}</option>
              ))}
          </select>
        </label>
        <label>
          <span className="block text-xs text-slate-600">Expires</span>
          <select name="days" defaultValue="90" className={fieldClasses("md")}>
            <option value="7">in 7 days</option>
            <option value="30">in 30 days</option>
            <option value="90">in 90 days</option>
            <option value="365">in a year</option>
            <option value="0">never</option>
          </select>
        </label>
        <Button type="submit" variant="primary" disabled={create.isPending}>
          Create token
        </Button>
      </form>
      {create.error && <p className="mb-2 text-sm text-failure">{describeError(create.error)}</p>}
      {created && (
        <div className="mb-3 rounded-md border border-amber-300 bg-amber-50 p-2 text-sm" role="status">
          Copy it now, it is not shown again: <Code data-testid="new-token">{created}</Code>
        </div>
      )}
      {tokens.data && (
        <RevocableTable
          rows={tokens.data.tokens}
          columns={[
            {
              header: "Name",
              cell: (t) => (
                <>
                  {t.name} <span className="text-slate-400">{t.prefix}…</span>
                </>
              ),
            },
            ...(showOwner ? [{ header: "Owner", cell: (t: Token) => t.owner }] : []),
            { header: "Role", cell: (t) => t.role },
            { header: "Created", cell: (t) => day(t.createdAt) },
            { header: "Expires", cell: (t) => day(t.expiresAt) },
            { header: "Last used", cell: (t) => day(t.lastUsedAt) },
          ]}
          revokeLabel={(t) => `Revoke ${t.name}`}
          onRevoke={(t) => revoke.mutate(t.id)}
        />
      )}
    </Card>
  );
}
