"use client";

import { createContext, useCallback, useContext, useSyncExternalStore, type ReactNode } from "react";

// Times are shown in UTC (what CloudTrail records, and what teammates in other zones
// see) unless the reader switches to their local time; the choice is remembered.

export type TimeZoneMode = "utc" | "local";
const STORAGE_KEY = "cachetrail.timezone";
const listeners = new Set<() => void>();

function read(): TimeZoneMode {
  return window.localStorage.getItem(STORAGE_KEY) === "local" ? "local" : "utc";
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  window.addEventListener("storage", listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", listener);
  };
}

const TimeZoneContext = createContext<{ mode: TimeZoneMode; setMode: (m: TimeZoneMode) => void }>({
  mode: "utc",
  setMode: () => {},
});

export function TimeZoneProvider({ children }: { children: ReactNode }) {
  const mode = useSyncExternalStore(subscribe, read, () => "utc" as const);
  const setMode = useCallback((m: TimeZoneMode) => {
    window.localStorage.setItem(STORAGE_KEY, m);
    listeners.forEach((l) => l());
  }, []);
  return <TimeZoneContext.Provider value={{ mode, setMode }}>{children}</TimeZoneContext.Provider>;
}

export function useTimeZone() {
  return useContext(TimeZoneContext);
}

const TONES = {
  // In the dark header bar.
  dark: { box: "border-slate-600", on: "bg-slate-200 text-slate-900", off: "text-slate-200 hover:bg-slate-700" },
  // Beside a time on a page (the event page's "When").
  light: { box: "border-slate-300", on: "bg-slate-800 text-white", off: "bg-white text-slate-700 hover:bg-slate-50" },
} as const;

export function TimeZoneToggle({ tone = "dark", label = "Time zone" }: { tone?: keyof typeof TONES; label?: string }) {
  const { mode, setMode } = useTimeZone();
  const style = TONES[tone];
  return (
    <div
      role="group"
      aria-label={label}
      className={`inline-flex overflow-hidden rounded-md border text-xs ${style.box}`}
    >
      {(["utc", "local"] as const).map((m) => (
        <button
          key={m}
          type="button"
          aria-pressed={mode === m}
          onClick={() => setMode(m)}
          className={`px-2 py-1 ${mode === m ? style.on : style.off}`}
        >
          {m === "utc" ? "UTC" : "Local"}
        </button>
      ))}
    </div>
  );
}
