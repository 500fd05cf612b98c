/**
 * A file's path with its name always visible: a long AWSLogs/<account>/CloudTrail/<region>/…
 * folder is what gets cut short, not the file name.
 */
export function FileName({ path, prefix }: { path: string; prefix?: React.ReactNode }) {
  const slash = path.lastIndexOf("/");
  const folder = slash >= 0 ? path.slice(0, slash + 1) : "";
  const name = path.slice(slash + 1);
  return (
    <span className="flex min-w-0 flex-1 items-baseline font-mono text-sm" title={path}>
      {prefix}
      {folder && <span className="min-w-0 truncate text-slate-400">{folder}</span>}
      <span className="shrink-0 text-slate-800">{name}</span>
    </span>
  );
}
