// What GET /api/actors and GET /api/actors/:key answer, as zod schemas: the routes send these
// shapes, the pages render them and tests read them back with the same definitions. Pure.
import { z } from "zod";
import { resourceKeySchema } from "@/lib/urls";

const iso = z.string();

export const actorRowSchema = z.object({
  key: z.string(),
  type: z.string(),
  name: z.string(),
  arn: z.string().nullable(),
  principalId: z.string().nullable(),
  accountId: z.string().nullable(),
  sessionIssuerArn: z.string().nullable(),
  sessionIssuerName: z.string().nullable(),
  invokedBy: z.string().nullable(),
  eventCount: z.number(),
  writeCount: z.number(),
  failureCount: z.number(),
  firstSeen: iso,
  lastSeen: iso,
  sourceIpCount: z.number(),
  userAgentCount: z.number(),
});
export type ActorRow = z.infer<typeof actorRowSchema>;

export const actorBreakdownsSchema = z.object({
  byType: z.array(z.object({ type: z.string(), actors: z.number(), events: z.number() })),
  /** The user-agent family; detail is the SDK's language ("" for the other families). */
  byAgent: z.array(z.object({ family: z.string(), detail: z.string(), actors: z.number(), events: z.number() })),
  /** The busiest source IPs ("" is calls recorded without one). */
  bySourceIp: z.array(z.object({ sourceIp: z.string(), actors: z.number(), events: z.number() })),
  /** The roles (or users) issuing sessions, with the busiest principals that used them. */
  byIssuer: z.array(
    z.object({
      issuerArn: z.string(),
      issuerName: z.string().nullable(),
      principals: z.number(),
      events: z.number(),
      top: z.array(z.object({ key: z.string(), name: z.string(), events: z.number() })),
    }),
  ),
});
export type ActorBreakdowns = z.infer<typeof actorBreakdownsSchema>;

export const actorListSchema = z.object({
  rows: z.array(actorRowSchema),
  total: z.number(),
  page: z.number(),
  pageCount: z.number(),
  pageSize: z.number(),
  /** Every identity type and account with actors, for the filter menus (not narrowed by the filters). */
  types: z.array(z.string()),
  accounts: z.array(z.string()),
  breakdowns: actorBreakdownsSchema,
});
export type ActorList = z.infer<typeof actorListSchema>;

export const actorDetailSchema = z.object({
  actor: actorRowSchema,
  /** Events per bucket (UTC day, or the Monday of a UTC week when the activity spans months). */
  activity: z.object({
    bucket: z.enum(["day", "week"]),
    points: z.array(z.object({ start: z.string(), events: z.number(), writes: z.number(), failures: z.number() })),
  }),
  operations: z.array(
    z.object({ eventName: z.string(), events: z.number(), writes: z.number(), failures: z.number(), lastSeen: iso }),
  ),
  failures: z.array(
    z.object({ eventName: z.string(), errorCode: z.string(), events: z.number(), firstSeen: iso, lastSeen: iso }),
  ),
  /** The accounts its calls were recorded in (recipientAccountId): more than its own is cross-account. */
  accounts: z.array(z.object({ accountId: z.string(), events: z.number(), crossAccount: z.boolean() })),
  resources: z.array(
    z.object({ resource: resourceKeySchema, events: z.number(), writes: z.number(), firstSeen: iso, lastSeen: iso }),
  ),
  resourceCount: z.number(),
  sourceIps: z.array(z.object({ sourceIp: z.string(), events: z.number(), firstSeen: iso, lastSeen: iso })),
  userAgents: z.array(
    z.object({
      userAgent: z.string(),
      family: z.string(),
      detail: z.string(),
      events: z.number(),
      firstSeen: iso,
      lastSeen: iso,
    }),
  ),
  sessions: z.array(
    z.object({
      /** userIdentity.sessionContext.attributes.creationDate as written; null: calls without a session. */
      createdAt: z.string().nullable(),
      mfa: z.boolean().nullable(),
      events: z.number(),
      firstSeen: iso,
      lastSeen: iso,
    }),
  ),
  sessionCount: z.number(),
  /** Other principals with this actor's session issuer (other sessions of the same role). */
  issuerPrincipals: z.number(),
});
export type ActorDetail = z.infer<typeof actorDetailSchema>;
