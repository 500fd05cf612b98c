// Preloaded with NODE_OPTIONS="--import …/cpu-profile-on-signal.mjs" (where --cpu-prof is refused),
// in the next-server process only: the first SIGUSR2 starts V8's CPU profiler (1 ms samples), the
// second writes the profile to CPU_PROFILE_OUT (a .cpuprofile for Chrome's DevTools). Used by
// scripts/bench/upload-profile.ts to profile the server during one upload and nothing else.
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector";

if (process.argv.some((arg) => arg.includes("next/dist/bin/next")) && process.env.CPU_PROFILE_OUT) {
  const session = new Session();
  session.connect();
  let running = false;
  process.on("SIGUSR2", () => {
    if (!running) {
      running = true;
      session.post("Profiler.enable", () =>
        session.post("Profiler.setSamplingInterval", { interval: 1000 }, () => session.post("Profiler.start")),
      );
      return;
    }
    running = false;
    session.post("Profiler.stop", (error, result) => {
      if (!error) writeFileSync(process.env.CPU_PROFILE_OUT, JSON.stringify(result.profile));
    });
  });
}
