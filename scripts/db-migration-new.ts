// Writes a new Prisma migration, like `prisma migrate dev --create-only` but offline:
// the SQL that takes the last committed prisma/schema.prisma to the working copy.
// The drift test (tests/integration/migrations.test.ts) then proves the result.
// Usage: npm run db:migration:new -- <name>
import { execFileSync } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { PRISMA_DIR, readSchema, schemaDiffSql } from "@/lib/db/migrate";
import { provideDatabase } from "@/lib/db/provide";

const name = (process.argv[2] ?? "").replace(/[^a-z0-9_]/gi, "_").toLowerCase();
if (!name) {
  console.error("Usage: npm run db:migration:new -- <name>");
  process.exit(2);
}
const committed = execFileSync("git", ["show", "HEAD:prisma/schema.prisma"], { encoding: "utf8" });
const db = await provideDatabase(console.log);
try {
  const sql = await schemaDiffSql(db.url, committed, await readSchema());
  if (!sql.trim() || sql.includes("This is an empty migration")) {
    console.log("prisma/schema.prisma has not changed since the last commit: nothing to write.");
  } else {
    const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
    const dir = path.join(PRISMA_DIR, "migrations", `${stamp}_${name}`);
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, "migration.sql"), sql);
    console.log(`Wrote ${path.relative(process.cwd(), dir)}/migration.sql`);
  }
} finally {
  await db.release();
}
