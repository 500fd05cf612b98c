// npm run token -- create --email E --name N [--role R] [--expires 30d]   → the token alone on the last line
// npm run token -- revoke --email E --name N
// npm run token -- list [--email E]
import { parseArgs } from "node:util";
import { recordAudit } from "@/lib/auth/audit";
import { roleSchema } from "@/lib/auth/roles";
import { parseDuration } from "@/lib/auth/token-format";
import { createApiToken, listApiTokens, revokeApiToken } from "@/lib/auth/tokens";
import { normaliseEmail } from "@/lib/auth/users";
import { ApiError } from "@/lib/api/handler";
import { closePrismaClient } from "@/lib/db/create-client";
import { provideClient } from "@/lib/db/provide-client";

const USAGE = `Usage:
  npm run token -- create --email E --name N [--role viewer|uploader|admin] [--expires 30d|12h|90m]
  npm run token -- revoke --email E --name N
  npm run token -- list [--email E]`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    email: { type: "string" },
    name: { type: "string" },
    role: { type: "string" },
    expires: { type: "string" },
  },
});
const command = positionals[0];
if (
  !command ||
  !["create", "revoke", "list"].includes(command) ||
  (command !== "list" && (!values.email || !values.name))
) {
  console.error(USAGE);
  process.exit(2);
}
const role = values.role === undefined ? undefined : roleSchema.safeParse(values.role);
if (role && !role.success) {
  console.error(`--role must be one of ${roleSchema.options.join(", ")}.`);
  process.exit(2);
}
const lifetime = values.expires === undefined ? null : parseDuration(values.expires);
if (values.expires !== undefined && lifetime === null) {
  console.error("--expires takes a number of days, hours or minutes: 30d, 12h, 90m.");
  process.exit(2);
}

// Logs of the database start go to stderr: stdout carries the answer (the token on its last line).
const { database, prisma } = await provideClient((line) => console.error(line), 1);
const actor = "command line (npm run token)";
try {
  const email = values.email ? normaliseEmail(values.email) : undefined;
  const user = email ? await prisma.user.findUnique({ where: { email } }) : null;
  if (email && !user) throw new ApiError(404, `No user ${email}: add one with \`npm run user -- add\`.`);
  if (command === "list") {
    for (const t of await listApiTokens(prisma, user ? { userId: user.id } : {})) {
      const state = t.revokedAt
        ? "revoked"
        : t.expiresAt && t.expiresAt <= new Date().toISOString()
          ? "expired"
          : "active";
      console.log(`${t.owner}\t${t.name}\t${t.role}\t${state}\tlast used ${t.lastUsedAt ?? "never"}`);
    }
  } else if (command === "create") {
    const expiresAt = lifetime === null ? null : new Date(Date.now() + lifetime);
    const created = await createApiToken(
      prisma,
      { id: user!.id, role: roleSchema.parse(user!.role) },
      { name: values.name!, role: role?.data, expiresAt },
    );
    await recordAudit(prisma, {
      actor,
      action: "token.created",
      target: `${created.name} of ${email}`,
      details: { role: created.role },
    });
    console.log(
      `Token "${created.name}" for ${email} (${created.role}${expiresAt ? `, expires ${expiresAt.toISOString()}` : ""}):`,
    );
    console.log(created.token);
  } else {
    const row = await prisma.apiToken.findUnique({ where: { userId_name: { userId: user!.id, name: values.name! } } });
    if (!row) throw new ApiError(404, `${email} has no token named "${values.name}".`);
    await revokeApiToken(prisma, row.id);
    await recordAudit(prisma, { actor, action: "token.revoked", target: `${row.name} of ${email}` });
    console.log(`Revoked token "${row.name}" of ${email}.`);
  }
} catch (error) {
  if (!(error instanceof ApiError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
} finally {
  await closePrismaClient(prisma);
  await database.release();
}
