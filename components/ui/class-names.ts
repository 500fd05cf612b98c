/** Joins class names, skipping the empty and the false: `cx("a", busy && "opacity-60")`. */
export function cx(...names: (string | false | null | undefined)[]): string {
  return names.filter(Boolean).join(" ");
}
