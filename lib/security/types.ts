import { z } from "zod";
import { actorRefSchema } from "@/lib/events/types";
import { flaggedEventSchema, periodSchema, scopeOptionsSchema } from "@/lib/overview/types";
import { securityFlagSchema } from "./flags";

// GET /api/security's answer, which the page renders and the browser checks with the same schema.

export const flaggedListSchema = z.object({
  flag: securityFlagSchema,
  /** Every flagged call of the period and scope. */
  count: z.number(),
  latest: z.array(flaggedEventSchema),
});
export type FlaggedList = z.infer<typeof flaggedListSchema>;

export const securitySchema = z.object({
  options: scopeOptionsSchema,
  hasEvents: z.boolean(),
  period: periodSchema,
  failures: z.object({
    /** Failed calls in the period. */
    total: z.number(),
    byPrincipal: z.array(
      z.object({
        actor: actorRefSchema,
        errorCode: z.string(),
        count: z.number(),
        /** The latest message CloudTrail recorded for this principal and code. */
        message: z.string().nullable(),
      }),
    ),
  }),
  lists: z.array(flaggedListSchema),
  newPrincipals: z.object({
    count: z.number(),
    latest: z.array(z.object({ actor: actorRefSchema, firstSeen: z.string(), events: z.number() })),
  }),
  newSourceIps: z.object({
    count: z.number(),
    latest: z.array(z.object({ ip: z.string(), firstSeen: z.string(), events: z.number() })),
  }),
});
export type Security = z.infer<typeof securitySchema>;
