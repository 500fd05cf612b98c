/**
 * A file's path with its name always visible: a long AWSLogs/<account>/CloudTrail/<region>/…
 * folder is what gets cut short, not the file name. On a phone it has its own line, so the
 * size and outcome beside it wrap below instead of covering the name, and a name longer than
 * the line (CloudTrail's own are ~70 characters) breaks rather than runs off the screen.
 */
export function FileName({ path, prefix }: { path: string; prefix?: React.ReactNode }) {
  const slash = path.lastIndexOf("/");
  const folder = slash >= 0 ? path.slice(0, slash + 1) : "";
  const name = path.slice(slash + 1);
  return (
    <span className="flex min-w-0 grow basis-full items-baseline font-mono text-sm sm:basis-0" title={path}>
      {prefix}
      {folder && <span className="min-w-0 truncate text-slate-400">{folder}</span>}
      <span className="min-w-0 break-all text-slate-800 sm:shrink-0">{name}</span>
    </span>
  );
}
