// npm run user -- add --email E --role R [--name N] [--password P]   (no --password: one is generated and printed)
// npm run user -- set --email E [--role R] [--disable | --enable] [--password P | --new-password]
// npm run user -- list
// Works on the database directly, like `npm run ingest`: whoever can run it owns the server already.
import { parseArgs } from "node:util";
import { recordAudit } from "@/lib/auth/audit";
import { generatePassword } from "@/lib/auth/password";
import { roleSchema } from "@/lib/auth/roles";
import { createUser, listUsers, normaliseEmail, setPassword, updateUser } from "@/lib/auth/users";
import { ApiError } from "@/lib/api/handler";
import { closePrismaClient } from "@/lib/db/create-client";
import { provideClient } from "@/lib/db/provide-client";

const USAGE = `Usage:
  npm run user -- add --email E --role viewer|uploader|admin [--name N] [--password P]
  npm run user -- set --email E [--role R] [--disable | --enable] [--password P | --new-password]
  npm run user -- list`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    email: { type: "string" },
    role: { type: "string" },
    name: { type: "string" },
    password: { type: "string" },
    "new-password": { type: "boolean" },
    disable: { type: "boolean" },
    enable: { type: "boolean" },
  },
});
const command = positionals[0];
if (!command || !["add", "set", "list"].includes(command) || (command !== "list" && !values.email)) {
  console.error(USAGE);
  process.exit(2);
}
const role = values.role === undefined ? undefined : roleSchema.safeParse(values.role);
if (role && !role.success) {
  console.error(`--role must be one of ${roleSchema.options.join(", ")}.`);
  process.exit(2);
}

const { database, prisma } = await provideClient((line) => console.error(line), 1);
const actor = "command line (npm run user)";
try {
  if (command === "list") {
    for (const u of await listUsers(prisma)) {
      console.log(`${u.email}\t${u.role}${u.disabled ? "\tdisabled" : ""}\t${u.signIn.join(",") || "-"}`);
    }
  } else if (command === "add") {
    if (!role) throw new ApiError(400, "--role is required for add.");
    const password = values.password ?? generatePassword();
    const user = await createUser(prisma, { email: values.email!, name: values.name, role: role.data, password });
    await recordAudit(prisma, { actor, action: "user.created", target: user.email, details: { role: user.role } });
    console.log(`Added ${user.email} as ${user.role}.`);
    if (!values.password) console.log(`Password: ${password}`);
  } else {
    const email = normaliseEmail(values.email!);
    const user = await prisma.user.findUnique({ where: { email } });
    if (!user) throw new ApiError(404, `No user ${email}.`);
    const change = {
      ...(role ? { role: role.data } : {}),
      ...(values.disable ? { disabled: true } : values.enable ? { disabled: false } : {}),
    };
    if (Object.keys(change).length) {
      await updateUser(prisma, user.id, change);
      await recordAudit(prisma, { actor, action: "user.changed", target: email, details: change });
    }
    const password = values["new-password"] ? generatePassword() : values.password;
    if (password) {
      await setPassword(prisma, user.id, password);
      await recordAudit(prisma, { actor, action: "user.password-set", target: email });
    }
    console.log(`Updated ${email}.`);
    if (values["new-password"]) console.log(`Password: ${password}`);
  }
} catch (error) {
  if (!(error instanceof ApiError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
} finally {
  await closePrismaClient(prisma);
  await database.release();
}
