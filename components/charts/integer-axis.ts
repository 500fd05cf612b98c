// Counts are whole numbers: a y-axis over 1 or 2 events must read 0, 1, 2 — not 0 to 4 in
// quarter steps. Spread into Recharts' <YAxis {...integerAxis(max)} />.

export function integerAxis(max: number): {
  allowDecimals: false;
  domain: [number, number | "auto"];
  ticks?: number[];
} {
  const top = Math.max(1, Math.ceil(max));
  // Up to 4 the ticks are every count; above, Recharts picks round whole steps itself.
  if (top <= 4) return { allowDecimals: false, domain: [0, top], ticks: Array.from({ length: top + 1 }, (_, i) => i) };
  return { allowDecimals: false, domain: [0, "auto"] };
}
