"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent, type ReactNode } from "react";
import type { SourceView } from "@/lib/sources/schemas";
import { createSource, sourceKeys, updateSource } from "@/lib/sources/api-client";

// Adding or editing an S3 source. The server checks every field (the same zod schema as the
// API) and its message is shown as it is; keys typed here are sent once and never shown again.

const inputClass =
  "mt-1 block w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm shadow-sm " +
  "focus:border-indigo-500 focus:outline-none focus:ring-1 focus:ring-indigo-500";

/** A labelled input; the hint sits outside the label, so the input's accessible name is the label alone. */
function Field({ label, hint, children }: { label: string; hint?: ReactNode; children: ReactNode }) {
  return (
    <div>
      <label className="block text-sm font-medium text-slate-700">
        {label}
        {children}
      </label>
      {hint && <p className="mt-1 text-xs text-slate-500">{hint}</p>}
    </div>
  );
}

const list = (text: string) =>
  text
    .split(/[\s,]+/)
    .map((v) => v.trim())
    .filter(Boolean);

export function SourceForm({
  source,
  defaultStartDate,
  secretKeyConfigured,
  onDone,
}: {
  /** Absent: a new source. */
  source?: SourceView;
  defaultStartDate: string;
  secretKeyConfigured: boolean;
  onDone: () => void;
}) {
  const queryClient = useQueryClient();
  const [name, setName] = useState(source?.name ?? "");
  const [bucket, setBucket] = useState(source?.bucket ?? "");
  const [prefix, setPrefix] = useState(source?.prefix ?? "");
  const [region, setRegion] = useState(source?.region ?? "us-east-1");
  const [endpoint, setEndpoint] = useState(source?.endpoint ?? "");
  const [forcePathStyle, setForcePathStyle] = useState(source?.forcePathStyle ?? false);
  const [accounts, setAccounts] = useState(source?.accounts.join(", ") ?? "");
  const [awsRegions, setAwsRegions] = useState(source?.awsRegions.join(", ") ?? "");
  const [everything, setEverything] = useState(source ? source.startDate === null : false);
  const [startDate, setStartDate] = useState(source?.startDate ?? defaultStartDate);
  const [intervalMinutes, setIntervalMinutes] = useState(String(source?.intervalMinutes ?? 5));
  const [mode, setMode] = useState<"default" | "keys" | "keep">(
    source?.credentials.mode === "keys" ? "keep" : "default",
  );
  const [accessKeyId, setAccessKeyId] = useState("");
  const [secretAccessKey, setSecretAccessKey] = useState("");
  const [roleArn, setRoleArn] = useState(source?.credentials.roleArn ?? "");

  const save = useMutation({
    mutationFn: () => {
      const settings = {
        name,
        bucket,
        prefix,
        region,
        endpoint: endpoint.trim() || null,
        forcePathStyle,
        accounts: list(accounts),
        awsRegions: list(awsRegions),
        startDate: everything ? null : startDate,
        intervalMinutes: Number(intervalMinutes),
        roleArn: roleArn.trim() || null,
        ...(mode === "keep"
          ? {}
          : { credentials: mode === "keys" ? { mode, accessKeyId, secretAccessKey } : { mode } }),
      };
      return source ? updateSource(source.id, settings) : createSource(settings);
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: sourceKeys.all });
      onDone();
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };

  return (
    <form
      onSubmit={submit}
      aria-label={source ? `Edit ${source.name}` : "Add an S3 source"}
      className="space-y-4 rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
    >
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        <Field label="Name">
          <input className={inputClass} value={name} onChange={(e) => setName(e.target.value)} required />
        </Field>
        <Field label="Bucket">
          <input className={inputClass} value={bucket} onChange={(e) => setBucket(e.target.value)} required />
        </Field>
        <Field label="Prefix" hint="The part of the keys before AWSLogs/, if any.">
          <input className={inputClass} value={prefix} onChange={(e) => setPrefix(e.target.value)} />
        </Field>
        <Field label="Bucket region">
          <input className={inputClass} value={region} onChange={(e) => setRegion(e.target.value)} required />
        </Field>
        <Field label="Endpoint URL" hint="Only for S3-compatible stores; leave empty for AWS.">
          <input className={inputClass} value={endpoint} onChange={(e) => setEndpoint(e.target.value)} />
        </Field>
        <label className="flex items-center gap-2 self-center text-sm text-slate-700">
          <input type="checkbox" checked={forcePathStyle} onChange={(e) => setForcePathStyle(e.target.checked)} />
          Path-style addressing
        </label>
        <Field label="Accounts" hint="12-digit ids, separated by commas. Empty: every account found.">
          <input className={inputClass} value={accounts} onChange={(e) => setAccounts(e.target.value)} />
        </Field>
        <Field label="Regions" hint="Empty: every region found.">
          <input className={inputClass} value={awsRegions} onChange={(e) => setAwsRegions(e.target.value)} />
        </Field>
        <Field label="Sync every (minutes)">
          <input
            className={inputClass}
            type="number"
            min={1}
            value={intervalMinutes}
            onChange={(e) => setIntervalMinutes(e.target.value)}
          />
        </Field>
        <div className="space-y-1">
          <Field label="Start date" hint="Days before it are never read.">
            <input
              className={inputClass}
              type="date"
              value={startDate}
              disabled={everything}
              onChange={(e) => setStartDate(e.target.value)}
            />
          </Field>
          <label className="flex items-center gap-2 text-sm text-slate-700">
            <input type="checkbox" checked={everything} onChange={(e) => setEverything(e.target.checked)} />
            Everything the bucket holds
          </label>
        </div>
      </div>

      <fieldset className="space-y-3 rounded-md border border-slate-200 p-3">
        <legend className="px-1 text-sm font-medium text-slate-700">Credentials</legend>
        <div className="flex flex-wrap gap-4 text-sm text-slate-700">
          {source?.credentials.mode === "keys" && (
            <label className="flex items-center gap-2">
              <input type="radio" name="mode" checked={mode === "keep"} onChange={() => setMode("keep")} />
              Keep the stored access key ({source.credentials.accessKeyHint})
            </label>
          )}
          <label className="flex items-center gap-2">
            <input type="radio" name="mode" checked={mode === "default"} onChange={() => setMode("default")} />
            The server&apos;s own (environment, profile, instance or container role)
          </label>
          <label className="flex items-center gap-2">
            <input type="radio" name="mode" checked={mode === "keys"} onChange={() => setMode("keys")} />
            An access key
          </label>
        </div>
        {mode === "keys" && (
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label="Access key id">
              <input
                className={inputClass}
                value={accessKeyId}
                autoComplete="off"
                onChange={(e) => setAccessKeyId(e.target.value)}
                required
              />
            </Field>
            <Field label="Secret access key" hint="Stored encrypted; never shown again.">
              <input
                className={inputClass}
                type="password"
                value={secretAccessKey}
                autoComplete="new-password"
                onChange={(e) => setSecretAccessKey(e.target.value)}
                required
              />
            </Field>
            {!secretKeyConfigured && (
              <p className="text-xs text-amber-700 sm:col-span-2">
                This server has no CACHETRAIL_SECRET_KEY, so it will refuse to store keys.
              </p>
            )}
          </div>
        )}
        <Field label="Role to assume (optional)" hint="arn:aws:iam::<account>:role/<name>">
          <input className={inputClass} value={roleArn} onChange={(e) => setRoleArn(e.target.value)} />
        </Field>
      </fieldset>

      {save.isError && (
        <p role="alert" className="text-sm text-rose-700">
          {save.error.message}
        </p>
      )}
      <div className="flex gap-3">
        <button
          type="submit"
          disabled={save.isPending}
          className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-500 disabled:opacity-60"
        >
          {source ? "Save changes" : "Add source"}
        </button>
        <button
          type="button"
          onClick={onDone}
          className="rounded-md border border-slate-300 px-4 py-2 text-sm font-medium text-slate-700 hover:bg-slate-50"
        >
          Cancel
        </button>
      </div>
    </form>
  );
}
