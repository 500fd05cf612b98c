import { z } from "zod";

// The body of every API error: `{ error: { status, message, requestId?, details? } }`. The one
// definition: lib/api/handler.ts's problem() and POST /api/ingest's answers are typed by it, and
// the browser (fetchJson, the upload page) and the route tests read answers with it. Pure: zod
// only, so client components can import it.

export const problemSchema = z.object({
  status: z.number().int(),
  message: z.string(),
  /** Finds the request in the server log; every answer through apiRoute carries it. */
  requestId: z.string().optional(),
  /** What was wrong, where a message alone would not say (a zod error's issues, a missing id). */
  details: z.unknown().optional(),
});
export type Problem = z.infer<typeof problemSchema>;

export const problemBodySchema = z.object({ error: problemSchema });
export type ProblemBody = z.infer<typeof problemBodySchema>;
