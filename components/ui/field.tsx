import { cx } from "./class-names";

// Text inputs, date inputs and selects. The text size comes from the surroundings (a
// toolbar's text-sm), like the small button's, so a field and its button stay level.

const SIZE = { sm: "px-2 py-1", md: "px-2 py-1.5", wide: "px-3 py-1.5" } as const;

export function fieldClasses(size: keyof typeof SIZE = "md", className?: string): string {
  return cx("rounded-md border border-slate-300 bg-white", SIZE[size], className);
}
