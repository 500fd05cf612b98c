"use client";

import { useSyncExternalStore } from "react";

// False in the server's HTML and during hydration, true once React runs in the browser. A button
// rendered on the server does nothing until then: actions that only work in the browser stay
// disabled instead of swallowing the first click of a reader on a slow connection.

const noSubscription = () => () => {};

export function useHydrated(): boolean {
  return useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
}
