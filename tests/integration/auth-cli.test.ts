import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as eventsRoute } from "@/app/api/events/route";
import { verifyPassword } from "@/lib/auth/password";
import { setClientForTests } from "@/lib/db/client";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { call } from "../helpers/routes";

// The terminal's side of sign-in, as a first setup or a script runs it: `npm run user -- add`
// (a generated password), `npm run token -- create` (the token alone on the last line, usable at
// once) and `npm run token -- revoke` (it stops working). The scripts run as processes of their own
// on the test's database.

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
  setClientForTests(t.prisma);
}, 60_000);
afterAll(async () => {
  await t.drop();
});

function run(script: string, ...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", script, ...args], {
      env: { ...process.env, DATABASE_URL: t.url },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

const lines = (text: string) => text.trim().split("\n");

describe("npm run user and npm run token", () => {
  it("adds a user with a generated password, makes a token that works at once, and revokes it", async () => {
    const added = await run("scripts/user.ts", "add", "--email", "Ci@Example.com", "--role", "uploader");
    expect([added.code, added.stderr.includes("Error")]).toEqual([0, false]);
    const [addedLine, passwordLine] = lines(added.stdout);
    expect(addedLine).toBe("Added ci@example.com as uploader.");
    const password = /^Password: (\S{12,})$/.exec(passwordLine!)![1]!;
    const user = await t.prisma.user.findUniqueOrThrow({
      where: { email: "ci@example.com" },
      include: { accounts: true },
    });
    expect(await verifyPassword(user.accounts.find((a) => a.providerId === "credential")!.password!, password)).toBe(
      true,
    );

    const created = await run(
      "scripts/token.ts",
      "create",
      "--email",
      "ci@example.com",
      "--name",
      "ci",
      "--role",
      "viewer",
      "--expires",
      "30d",
    );
    expect(created.code).toBe(0);
    const token = lines(created.stdout).at(-1)!;
    expect(token).toMatch(/^ct_[A-Za-z0-9_-]{43}$/);
    const authorization = `Bearer ${token}`;
    expect((await call(eventsRoute, "GET", "/api/events", {}, { headers: { authorization } })).status).toBe(200);
    const stored = await t.prisma.apiToken.findFirstOrThrow({ where: { name: "ci" } });
    expect(stored.role).toBe("viewer");
    expect(JSON.stringify({ ...stored, id: String(stored.id) })).not.toContain(token.slice(3));

    const revoked = await run("scripts/token.ts", "revoke", "--email", "ci@example.com", "--name", "ci");
    expect(revoked.code).toBe(0);
    expect((await call(eventsRoute, "GET", "/api/events", {}, { headers: { authorization } })).status).toBe(401);
    const audit = await t.prisma.auditEntry.findMany({ orderBy: { id: "asc" }, select: { actor: true, action: true } });
    expect(audit).toEqual([
      { actor: "command line (npm run user)", action: "user.created" },
      { actor: "command line (npm run token)", action: "token.created" },
      { actor: "command line (npm run token)", action: "token.revoked" },
    ]);
  }, 300_000);

  it("refuses a token above the user's role, naming why, with a non-zero exit", async () => {
    await run(
      "scripts/user.ts",
      "add",
      "--email",
      "v@example.com",
      "--role",
      "viewer",
      "--password",
      "a-long-password-1",
    );
    const refused = await run(
      "scripts/token.ts",
      "create",
      "--email",
      "v@example.com",
      "--name",
      "x",
      "--role",
      "admin",
    );
    expect(refused.code).not.toBe(0);
    expect(refused.stdout).not.toMatch(/ct_/);
    expect(await t.prisma.apiToken.count({ where: { name: "x" } })).toBe(0);
  }, 300_000);
});
