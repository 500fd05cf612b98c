import { actorListSearchParams, type ActorListParams } from "./list-params";

// react-query keys of the Actors pages: the canonical query string or the actor's key, so the
// server's prefetch and the browser's first read are the same entry.

export const actorKeys = {
  all: ["actors"] as const,
  list: (p: ActorListParams) => [...actorKeys.all, "list", actorListSearchParams(p).toString()] as const,
  detail: (key: string) => [...actorKeys.all, "detail", key] as const,
};
