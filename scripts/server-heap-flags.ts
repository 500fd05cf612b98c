import { env } from "@/lib/env";

/**
 * The V8 heap flags `npm start` runs next-server with (scripts/serve.ts), which the memory tests'
 * server runs with too. A heap ceiling (CACHETRAIL_SERVER_HEAP_MB), else V8 sizes the heap from the
 * machine's RAM and collects lazily. Under a ceiling that low, V8 lets the old generation grow only
 * ~1.1–1.4× past what the last full collection kept, and an ingest (a trail's records passing
 * through) then runs a full collection every few tens of milliseconds: growing it 4× between
 * collections, under the same ceiling, cut the CLI's CPU by 0.5–0.9 s on each benchmark trail, and
 * a 200 MB upload while 20 clients browse took 27 s instead of 172 s (docs/benchmarks.md, "Ingest",
 * "Load"). `npm run ingest` (package.json) runs with the same growth.
 */
export function serverHeapFlags(): string[] {
  return [`--max-old-space-size=${env.CACHETRAIL_SERVER_HEAP_MB}`, "--heap-growing-percent=300"];
}
