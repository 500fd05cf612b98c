// Run after changing dependencies: node scripts/prune-lockfile.mjs
// The npm registry reachable from these machines serves only the Linux builds of packages
// with per-platform binaries, so npm writes no lock entries for the others and `npm ci`
// then refuses the lock. Pruning the dangling optional dependencies fixes that.
import fs from "node:fs";
const file = process.argv[2] || "package-lock.json";
const lock = JSON.parse(fs.readFileSync(file, "utf8"));
const have = new Set(Object.keys(lock.packages).map((k) => k.replace(/^.*node_modules\//, "")));
let dropped = 0;
for (const entry of Object.values(lock.packages)) {
  if (!entry.optionalDependencies) continue;
  for (const name of Object.keys(entry.optionalDependencies)) {
    if (!have.has(name)) {
      delete entry.optionalDependencies[name];
      dropped++;
    }
  }
}
fs.writeFileSync(file, JSON.stringify(lock, null, 2) + "\n");
console.log(`dropped ${dropped}`);
