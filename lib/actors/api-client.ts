import { fetchJson } from "@/lib/api/fetch-json";
import { actorApiUrl } from "@/lib/urls";
import { actorListApiHref, type ActorListParams } from "./list-params";
import { actorDetailSchema, actorListSchema, type ActorDetail, type ActorList } from "./types";

// The browser's readers of GET /api/actors and GET /api/actors/:key (keys in ./query-keys.ts).

export function fetchActorList(params: ActorListParams, signal?: AbortSignal): Promise<ActorList> {
  return fetchJson(actorListApiHref(params), actorListSchema, { signal });
}

export function fetchActorDetail(key: string, signal?: AbortSignal): Promise<ActorDetail> {
  return fetchJson(actorApiUrl(key), actorDetailSchema, { signal });
}
