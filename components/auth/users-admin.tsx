"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, SectionLabel } from "@/components/ui/card";
import { Code } from "@/components/ui/code";
import { fieldClasses } from "@/components/ui/field";
import { Table, TableBody, TableCard, TableHead, Td, Th } from "@/components/ui/table";
import { describeError } from "@/lib/api/fetch-json";
import { authKeys, createUserRequest, fetchUsers, updateUserRequest } from "@/lib/auth/api-client";
import { roleSchema, type Role } from "@/lib/auth/roles";

export function UsersAdmin({ selfId }: { selfId: string }) {
  const queryClient = useQueryClient();
  const users = useQuery({ queryKey: authKeys.users(), queryFn: ({ signal }) => fetchUsers(signal) });
  const [created, setCreated] = useState<{ email: string; password: string } | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: authKeys.users() });
  const create = useMutation({
    mutationFn: createUserRequest,
    onSuccess: (answer) => {
      setCreated(answer.password ? { email: answer.user.email, password: answer.password } : null);
      void refresh();
    },
  });
  const update = useMutation({
    mutationFn: ({ id, change }: { id: string; change: { role?: Role; disabled?: boolean } }) =>
      updateUserRequest(id, change),
    onSuccess: refresh,
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const password = String(form.get("password") ?? "");
    create.mutate({
      email: String(form.get("email")),
      role: roleSchema.parse(form.get("role")),
      ...(password ? { password } : {}),
    });
  }

  return (
    <div className="space-y-4">
      <Card aria-label="Add a user">
        <SectionLabel className="mb-2">Add a user</SectionLabel>
        <form onSubmit={submit} className="flex flex-wrap items-end gap-2 text-sm" aria-label="New user">
          <label>
            <span className="block text-xs text-slate-600">E-mail</span>
            <input name="email" type="email" required className={fieldClasses("md")} />
          </label>
          <label>
            <span className="block text-xs text-slate-600">Role</span>
            <select name="role" defaultValue="viewer" className={fieldClasses("md")}>
              {roleSchema.options.map((r) => (
                <option key={r}>{r}</option>
              ))}
            </select>
          </label>
          <label>
            <span className="block text-xs text-slate-600">Password (empty: generate one)</span>
            <input
              name="password"
              type="password"
              minLength={12}
              autoComplete="new-password"
              className={fieldClasses("md")}
            />
          </label>
          <Button type="submit" variant="primary" disabled={create.isPending}>
            Add user
          </Button>
        </form>
        {create.error && <p className="mt-2 text-sm text-failure">{describeError(create.error)}</p>}
        {created && (
          <p className="mt-2 rounded-md border border-amber-300 bg-amber-50 p-2 text-sm" role="status">
            {created.email} can sign in with the password <Code data-testid="new-password">{created.password}</Code> —
            pass it on now, it is not shown again.
          </p>
        )}
      </Card>
      {update.error && <p className="text-sm text-failure">{describeError(update.error)}</p>}
      {users.data && (
        <TableCard>
          <Table>
            <TableHead>
              <tr>
                <Th>User</Th>
                <Th>Role</Th>
                <Th>Signs in with</Th>
                <Th>Last active</Th>
                <Th>
                  <span className="sr-only">Actions</span>
                </Th>
              </tr>
            </TableHead>
            <TableBody>
              {users.data.users.map((u) => (
                <tr key={u.id}>
                  <Td>
                    {u.email} {u.disabled && <Badge tone="bad">disabled</Badge>}
                  </Td>
                  <Td>
                    <select
                      aria-label={`Role of ${u.email}`}
                      value={u.role}
                      disabled={u.id === selfId}
                      onChange={(e) => update.mutate({ id: u.id, change: { role: roleSchema.parse(e.target.value) } })}
                      className={fieldClasses("sm")}
                    >
                      {roleSchema.options.map((r) => (
                        <option key={r}>{r}</option>
                      ))}
                    </select>
                  </Td>
                  <Td>{u.signIn.join(", ") || "—"}</Td>
                  <Td>{u.lastActiveAt ? u.lastActiveAt.slice(0, 16).replace("T", " ") + " UTC" : "—"}</Td>
                  <Td>
                    {u.id !== selfId && (
                      <Button
                        size="sm"
                        variant={u.disabled ? "secondary" : "danger"}
                        onClick={() => update.mutate({ id: u.id, change: { disabled: !u.disabled } })}
                      >
                        {u.disabled ? "Enable" : "Disable"}
                      </Button>
                    )}
                  </Td>
                </tr>
              ))}
            </TableBody>
          </Table>
        </TableCard>
      )}
    </div>
  );
}
