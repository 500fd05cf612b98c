import { readFileSync } from "node:fs";
import { hostname } from "node:os";

// Who runs an ingestion run: "<host>/<boot id>/<pid>". On the same machine and boot, whether
// that process still exists can be asked of the system (a signal 0); a different boot id means
// the machine restarted since, so the process is gone. On another machine only the run's
// heartbeat can tell (runs.ts).

function bootId(): string {
  try {
    return readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim();
  } catch {
    return "";
  }
}

const HOST = hostname().replaceAll("/", "_");
const BOOT = bootId();

export function processOwner(pid = process.pid): string {
  return `${HOST}/${BOOT}/${pid}`;
}

/** Why the owner is certainly gone, or null when it is alive or cannot be known from here. */
export function ownerGone(owner: string): string | null {
  const [host, boot, pidText] = owner.split("/");
  const pid = Number(pidText);
  if (host !== HOST || !Number.isInteger(pid) || pid <= 0) return null;
  if (boot !== BOOT && boot !== "" && BOOT !== "") return `the machine restarted while process ${pid} ran it`;
  if (pid === process.pid) return null;
  try {
    process.kill(pid, 0);
    return null;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "ESRCH"
      ? `process ${pid} that ran it ended without closing it`
      : null;
  }
}
