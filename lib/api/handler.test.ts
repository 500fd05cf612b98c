import { NextRequest } from "next/server";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";

const logged = vi.hoisted(() => ({ bindings: [] as unknown[], errors: [] as unknown[][] }));
vi.mock("@/lib/log/logger", () => {
  const child = (bindings: unknown) => {
    logged.bindings.push(bindings);
    return { error: (...args: unknown[]) => logged.errors.push(args) };
  };
  return { logger: { child } };
});
const authorize = vi.hoisted(() => vi.fn(async () => {}));
vi.mock("./authorize", () => ({ authorize }));

const { ApiError, apiRoute } = await import("./handler");

const call = (route: ReturnType<typeof apiRoute>, url: string, headers?: Record<string, string>) =>
  route(new NextRequest(`http://localhost${url}`, { headers }), { params: Promise.resolve({}) });

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

beforeEach(() => {
  logged.bindings.length = 0;
  logged.errors.length = 0;
  authorize.mockClear();
});

describe("the API door", () => {
  const echo = apiRoute(
    { access: "viewer", query: z.strictObject({ n: z.coerce.number().int().optional() }) },
    async ({ query, requestId }) => Response.json({ n: query.n ?? null, requestId }),
  );

  it("gives each request an id, hands it to the handler and echoes it in a header", async () => {
    const response = await call(echo, "/api/x?n=2");
    const id = response.headers.get("x-request-id");
    expect(id).toMatch(UUID);
    expect(await response.json()).toEqual({ n: 2, requestId: id });
    expect(logged.bindings).toEqual([{ requestId: id, method: "GET", path: "/api/x" }]);
  });

  it("keeps a sane incoming x-request-id, and replaces one that is not", async () => {
    const kept = await call(echo, "/api/x", { "x-request-id": "lb-7f3a.91:2" });
    expect(kept.headers.get("x-request-id")).toBe("lb-7f3a.91:2");
    for (const bad of ["has spaces", "x".repeat(129), "<script>"]) {
      const replaced = await call(echo, "/api/x", { "x-request-id": bad });
      expect(replaced.headers.get("x-request-id")).toMatch(UUID);
    }
  });

  it("answers a bad query with a 400 problem naming the parameter, with the request id", async () => {
    const response = await call(echo, "/api/x?n=two", { "x-request-id": "req-1" });
    expect(response.status).toBe(400);
    expect(response.headers.get("x-request-id")).toBe("req-1");
    expect(await response.json()).toEqual({
      error: {
        status: 400,
        message: "Invalid query: n: Invalid input: expected number, received NaN",
        requestId: "req-1",
      },
    });
  });

  it("turns an ApiError into its problem response", async () => {
    const missing = apiRoute({ access: "viewer" }, async () => {
      throw new ApiError(404, "No such thing.", { id: "x" });
    });
    const response = await call(missing, "/api/x", { "x-request-id": "req-2" });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: { status: 404, message: "No such thing.", requestId: "req-2", details: { id: "x" } },
    });
  });

  it("logs anything else with the request id and answers 500 without the details", async () => {
    const failure = new Error("connection refused");
    const broken = apiRoute({ access: "viewer" }, async () => {
      throw failure;
    });
    const response = await call(broken, "/api/x", { "x-request-id": "req-3" });
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({
      error: { status: 500, message: "Internal error — the server log has the details.", requestId: "req-3" },
    });
    expect(logged.bindings).toEqual([{ requestId: "req-3", method: "GET", path: "/api/x" }]);
    expect(logged.errors).toEqual([[{ err: failure }, "API request failed"]]);
  });

  it("asks authorize() with the route's declared access", async () => {
    await call(echo, "/api/x");
    await call(
      apiRoute({ access: "uploader" }, async () => new Response("ok")),
      "/api/y",
    );
    expect(authorize.mock.calls.map((c) => (c as unknown[])[1])).toEqual(["viewer", "uploader"]);
  });

  it("stops at authorize() when it refuses", async () => {
    authorize.mockRejectedValueOnce(new ApiError(401, "Sign in first."));
    const handler = vi.fn(async () => new Response("ok"));
    const response = await call(apiRoute({ access: "uploader" }, handler), "/api/x", { "x-request-id": "req-4" });
    expect(response.status).toBe(401);
    expect(handler).not.toHaveBeenCalled();
  });

  it("adds the header to responses whose headers cannot be changed", async () => {
    const redirect = apiRoute({ access: "public" }, async () => Response.redirect("http://localhost/elsewhere", 307));
    const response = await call(redirect, "/api/x", { "x-request-id": "req-5" });
    expect(response.status).toBe(307);
    expect(response.headers.get("location")).toBe("http://localhost/elsewhere");
    expect(response.headers.get("x-request-id")).toBe("req-5");
  });
});
