import type { IgnoredParameter } from "@/lib/search-params/lenient";

// What a page says about the parameters of its link it could not use (lib/search-params/lenient.ts):
// the same message the API's 400 gives, so a mangled shared link opens with the rest of its view
// and the reader knows which filter was dropped instead of silently seeing something else.

export function IgnoredParametersNotice({ ignored }: { ignored: readonly IgnoredParameter[] }) {
  if (ignored.length === 0) return null;
  return (
    <p
      role="status"
      data-testid="ignored-parameters"
      className="mb-3 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200"
    >
      Ignored {ignored.length === 1 ? "a parameter" : "parameters"} of this link:{" "}
      {ignored.map((i) => `${i.param} (${i.message})`).join("; ")}.
    </p>
  );
}
