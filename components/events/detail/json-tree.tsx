import { MASKED } from "@/lib/cloudtrail/secrets";

// Request parameters and response elements as a collapsible tree. Keys and values come
// straight from the record (attacker-controlled), so they are React text children only,
// never markup; <details> gives folding without any script.

const MAX_DEPTH = 64;
const OPEN_DEPTH = 2;

function Scalar({ value }: { value: unknown }) {
  if (value === null) return <span className="text-slate-400">null</span>;
  if (value === MASKED) {
    return (
      <span className="rounded bg-amber-100 px-1 text-amber-900" title="A secret: masked when the record was ingested">
        {MASKED}
      </span>
    );
  }
  if (typeof value === "string") return <span className="break-all text-emerald-800">&quot;{value}&quot;</span>;
  if (typeof value === "number") return <span className="text-blue-800">{String(value)}</span>;
  if (typeof value === "boolean") return <span className="text-purple-800">{String(value)}</span>;
  return <span className="text-slate-500">{String(value)}</span>;
}

function Key({ name }: { name: string | null }) {
  if (name === null) return null;
  return <span className="text-slate-600">{name}: </span>;
}

function Node({ name, value, depth }: { name: string | null; value: unknown; depth: number }) {
  if (typeof value !== "object" || value === null) {
    return (
      <div className="py-0.5 pl-4">
        <Key name={name} />
        <Scalar value={value} />
      </div>
    );
  }
  const isArray = Array.isArray(value);
  const entries: [string, unknown][] = isArray ? value.map((v, i) => [String(i), v]) : Object.entries(value);
  const brackets = isArray ? `[${entries.length}]` : `{${entries.length}}`;
  if (entries.length === 0 || depth >= MAX_DEPTH) {
    return (
      <div className="py-0.5 pl-4">
        <Key name={name} />
        <span className="text-slate-400">{entries.length === 0 ? (isArray ? "[]" : "{}") : "…"}</span>
      </div>
    );
  }
  return (
    <details open={depth < OPEN_DEPTH} className="pl-4 [&>summary]:-ml-4">
      <summary className="cursor-pointer py-0.5 marker:text-slate-400">
        <Key name={name} />
        <span className="text-xs text-slate-400">{brackets}</span>
      </summary>
      <div className="border-l border-slate-200">
        {entries.map(([k, v]) => (
          <Node key={k} name={isArray ? `[${k}]` : k} value={v} depth={depth + 1} />
        ))}
      </div>
    </details>
  );
}

export function JsonTree({ value, label }: { value: unknown; label: string }) {
  // The top level is already the section's subject: its fields are shown without a fold.
  const top = typeof value === "object" && value !== null && !Array.isArray(value) ? Object.entries(value) : null;
  return (
    <div aria-label={label} className="overflow-x-auto rounded-md bg-slate-50 p-3 font-mono text-xs leading-relaxed">
      {top ? (
        top.length === 0 ? (
          <span className="text-slate-400">{"{}"}</span>
        ) : (
          top.map(([k, v]) => <Node key={k} name={k} value={v} depth={1} />)
        )
      ) : (
        <Node name={null} value={value} depth={0} />
      )}
    </div>
  );
}
