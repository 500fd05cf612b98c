// The worker thread of read-thread-probe.ts: TypeScript through tsx, which a worker does not inherit.
import { register } from "tsx/esm/api";

register();
await import("./read-thread-probe.ts");
