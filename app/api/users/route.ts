import { apiRoute } from "@/lib/api/handler";
import { parseJsonBody } from "@/lib/api/json-body";
import { clientIp, recordAudit } from "@/lib/auth/audit";
import { generatePassword } from "@/lib/auth/password";
import { createUserSchema } from "@/lib/auth/schemas";
import { createUser, listUsers } from "@/lib/auth/users";
import { db } from "@/lib/db/client";

export const dynamic = "force-dynamic";

/** GET /api/users — everyone who can sign in, with role, state and how they sign in. */
export const GET = apiRoute({ access: "admin" }, async () => Response.json({ users: await listUsers(db()) }));

/** POST /api/users — adds a user; without a password one is generated and answered once. */
export const POST = apiRoute({ access: "admin" }, async ({ request, principal }) => {
  const input = await parseJsonBody(request, createUserSchema);
  const password = input.password ?? generatePassword();
  const user = await createUser(db(), { ...input, password });
  await recordAudit(db(), {
    actor: principal!,
    action: "user.created",
    target: user.email,
    ip: clientIp(request.headers),
    details: { role: user.role },
  });
  const answer = {
    user: { id: user.id, email: user.email, role: user.role },
    password: input.password ? null : password,
  };
  return Response.json(answer, { status: 201 });
});
