import { apiRoute } from "@/lib/api/handler";
import { parseJsonBody } from "@/lib/api/json-body";
import { clientIp, recordAudit } from "@/lib/auth/audit";
import { idParamsSchema, updateUserSchema } from "@/lib/auth/schemas";
import { setPassword, updateUser } from "@/lib/auth/users";
import { db } from "@/lib/db/client";

export const dynamic = "force-dynamic";

/** PATCH /api/users/:id — role, disabled (signs them out everywhere), or a new password. */
export const PATCH = apiRoute({ access: "admin", params: idParamsSchema }, async ({ request, params, principal }) => {
  const { password, ...change } = await parseJsonBody(request, updateUserSchema);
  const { before, user } = await updateUser(db(), params.id, change);
  const ip = clientIp(request.headers);
  if (change.role !== undefined || change.disabled !== undefined) {
    const details = { role: [before.role, user.role], disabled: [before.disabled, user.disabled] };
    await recordAudit(db(), { actor: principal!, action: "user.changed", target: user.email, ip, details });
  }
  if (password !== undefined) {
    await setPassword(db(), user.id, password);
    await recordAudit(db(), { actor: principal!, action: "user.password-set", target: user.email, ip });
  }
  return Response.json({ id: user.id, email: user.email, role: user.role, disabled: user.disabled });
});
