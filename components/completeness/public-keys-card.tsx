"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRef, useState, type FormEvent } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, SectionLabel } from "@/components/ui/card";
import { Code } from "@/components/ui/code";
import { Table, TableBody, TableCard, TableHead, Td, Th } from "@/components/ui/table";
import { completenessKeys, fetchKeys, uploadKeys } from "@/lib/completeness/api-client";
import { MAX_KEY_FILE_BYTES, type KeyOrigin } from "@/lib/completeness/schemas";
import { formatSize } from "@/lib/format/numbers";

// The Sources page's card of CloudTrail public keys: the keys loaded (fingerprint, validity,
// where they came from), each S3 source's last ListPublicKeys, and, for admins, a key file upload
// (the formats `npm run keys -- import` takes).

const ORIGINS: Record<KeyOrigin, string> = {
  cli: "npm run keys",
  upload: "Uploaded",
  aws: "ListPublicKeys",
};

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : "…");

export function PublicKeysCard({ canManage }: { canManage: boolean }) {
  const queryClient = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const { data, isError, error } = useQuery({
    queryKey: completenessKeys.keys(),
    queryFn: ({ signal }) => fetchKeys(signal),
  });
  const upload = useMutation({
    mutationFn: async (chosen: File) => {
      if (chosen.size > MAX_KEY_FILE_BYTES)
        throw new Error(
          `“${chosen.name}” is ${formatSize(chosen.size)}: key files are at most ${formatSize(MAX_KEY_FILE_BYTES)}.`,
        );
      return uploadKeys(chosen.name, await chosen.text());
    },
    onSuccess: async () => {
      setFile(null);
      if (input.current) input.current.value = "";
      await queryClient.invalidateQueries({ queryKey: completenessKeys.keys() });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (file) upload.mutate(file);
  };
  const keys = data?.keys ?? [];
  const refused = (data?.fetches ?? []).filter((f) => f.error);
  return (
    <Card aria-labelledby="public-keys-title" className="mt-6" data-testid="public-keys-card">
      <SectionLabel id="public-keys-title">CloudTrail public keys</SectionLabel>
      <p className="mt-1 text-sm text-slate-600">
        Digest signatures (Completeness) are checked with CloudTrail&apos;s public keys. S3 sources with credentials
        fetch them after each sync (<Code>cloudtrail:ListPublicKeys</Code>); otherwise load them here.
      </p>
      {isError && <p className="mt-2 text-sm text-failure">Could not load the keys: {error.message}</p>}
      {refused.map((f) => (
        <p key={f.source} className="mt-2 text-sm text-failure" role="status">
          {f.source} ({day(f.attemptedAt)}): {f.error}
        </p>
      ))}
      {data && keys.length === 0 ? (
        <div className="mt-3 rounded-md border border-dashed border-slate-300 p-4 text-sm text-slate-600">
          <p className="font-medium text-slate-800">No public keys loaded yet</p>
          <p className="mt-1">
            With AWS credentials, run{" "}
            <Code>
              aws cloudtrail list-public-keys --region REGION --start-time 2026-01-01 --end-time 2026-12-31 &gt;
              keys.json
            </Code>{" "}
            for each region of your trails and upload the file below (or run{" "}
            <Code>npm run keys -- import keys.json</Code>). PEM public keys work too.
          </p>
        </div>
      ) : (
        keys.length > 0 && (
          <TableCard flat className="mt-3">
            <Table compact>
              <TableHead compact>
                <tr>
                  <Th compact>Fingerprint</Th>
                  <Th compact>Valid</Th>
                  <Th compact>Source</Th>
                  <Th compact className="text-right">
                    Digests verified
                  </Th>
                </tr>
              </TableHead>
              <TableBody compact>
                {keys.map((k) => (
                  <tr key={k.fingerprint}>
                    <Td compact className="break-all font-mono text-xs">
                      {k.fingerprint}
                    </Td>
                    <Td compact className="whitespace-nowrap">
                      {k.validFrom || k.validTo ? `${day(k.validFrom)} – ${day(k.validTo)}` : "not stated"}
                    </Td>
                    <Td compact>
                      <Badge tone={k.origin === "aws" ? "info" : "neutral"}>{ORIGINS[k.origin]}</Badge>
                      {k.loadedBy && <span className="ml-1 text-xs text-slate-500">{k.loadedBy}</span>}
                    </Td>
                    <Td compact className="text-right tabular-nums">
                      {k.digestsVerified.toLocaleString("en-US")}
                    </Td>
                  </tr>
                ))}
              </TableBody>
            </Table>
          </TableCard>
        )
      )}
      {canManage && (
        <form onSubmit={submit} className="mt-4 flex flex-wrap items-center gap-2" aria-label="Upload public keys">
          <label className="text-sm font-medium text-slate-700">
            Key file{" "}
            <input
              ref={input}
              type="file"
              accept=".json,.pem,.txt,application/json"
              className="ml-1 text-sm"
              onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            />
          </label>
          <Button type="submit" variant="primary" disabled={!file || upload.isPending}>
            {upload.isPending ? "Loading…" : "Upload keys"}
          </Button>
          {upload.isSuccess && (
            <span className="text-sm text-success" role="status">
              {upload.data.message}
            </span>
          )}
          {upload.isError && (
            <span className="text-sm text-failure" role="alert">
              {upload.error.message}
            </span>
          )}
        </form>
      )}
    </Card>
  );
}
