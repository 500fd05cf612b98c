import type { EventKind } from "@/lib/events/kind";

// The overview chart's series colours: the theme's activity tokens (app/globals.css), the same
// ones the resource timeline uses for the same kinds of call.
export const KIND_COLOR: Readonly<Record<EventKind, string>> = {
  create: "var(--color-activity-create)",
  modify: "var(--color-activity-modify)",
  delete: "var(--color-activity-delete)",
  "other-write": "var(--color-activity-other)",
  read: "var(--color-activity-read)",
  failed: "var(--color-activity-failed)",
};
