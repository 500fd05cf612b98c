import { describe, expect, it } from "vitest";
import {
  actorListHref,
  actorListQuerySchema,
  actorSortDirection,
  DEFAULT_ACTOR_LIST_PARAMS,
  parseActorListParams,
} from "./list-params";
import { actorPathSchema } from "./actor-path";
import { actorUrl } from "@/lib/urls";

describe("the actors list's URL", () => {
  it("round-trips every filter through its link", () => {
    const params = actorListQuerySchema.parse({
      type: "AssumedRole",
      account: "123456789012",
      failures: "yes",
      issuer: "arn:aws:iam::123456789012:role/Deployer",
      q: "ci",
      sort: "name",
      dir: "desc",
      page: "3",
    });
    const href = actorListHref(params);
    expect(href).toBe(
      "/actors?type=AssumedRole&account=123456789012&failures=yes&issuer=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2FDeployer" +
        "&q=ci&sort=name&dir=desc&page=3",
    );
    const query = Object.fromEntries(new URL(href, "http://x").searchParams);
    expect(actorListQuerySchema.parse(query)).toEqual(params);
  });

  it("leaves defaults out, so equal views have equal URLs", () => {
    expect(actorListHref(DEFAULT_ACTOR_LIST_PARAMS)).toBe("/actors");
    expect(actorListHref({ sort: "name", dir: "asc" })).toBe("/actors?sort=name");
    expect(actorSortDirection({ sort: "events" })).toBe("desc");
    expect(actorSortDirection({ sort: "name" })).toBe("asc");
  });

  it("is strict for the API and lenient for the page", () => {
    expect(actorListQuerySchema.safeParse({ colour: "blue" }).success).toBe(false);
    expect(actorListQuerySchema.safeParse({ account: "12" }).success).toBe(false);
    expect(parseActorListParams({ account: "12", failures: "maybe", type: "Root", utm_source: "mail" })).toEqual({
      ...DEFAULT_ACTOR_LIST_PARAMS,
      type: "Root",
    });
  });
});

describe("an actor's URL segment", () => {
  it("decodes what actorUrl encodes, and takes an already decoded key as it is", () => {
    const key = "AssumedRole|arn|arn:aws:sts::123456789012:assumed-role/Deployer/ci@example.com";
    const segment = actorUrl(key).slice("/actors/".length);
    expect(segment).toBe(
      "AssumedRole%7Carn%7Carn%3Aaws%3Asts%3A%3A123456789012%3Aassumed-role%2FDeployer%2Fci%40example.com",
    );
    expect(actorPathSchema.parse({ key: segment }).key).toBe(key);
    expect(actorPathSchema.parse({ key }).key).toBe(key);
    expect(actorPathSchema.parse({ key: "100%" }).key).toBe("100%");
  });
});
