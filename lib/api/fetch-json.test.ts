import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { ApiRequestError, describeError, fetchJson } from "./fetch-json";

const schema = z.object({ runs: z.array(z.object({ id: z.string() })), nextBefore: z.string().nullable() });

function answer(status: number, body: string) {
  const fetch = vi.fn(async () => new Response(body, { status, headers: { "content-type": "application/json" } }));
  vi.stubGlobal("fetch", fetch);
  return fetch;
}

async function failure(promise: Promise<unknown>): Promise<ApiRequestError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiRequestError);
  return error as ApiRequestError;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("fetchJson", () => {
  it("returns the answer as the schema parses it, unknown fields dropped", async () => {
    answer(200, JSON.stringify({ runs: [{ id: "7", extra: 1 }], nextBefore: null, links: {} }));
    expect(await fetchJson("/api/ingestions", schema)).toEqual({ runs: [{ id: "7" }], nextBefore: null });
  });

  it("asks for JSON and passes the abort signal through", async () => {
    const fetch = answer(200, JSON.stringify({ runs: [], nextBefore: null }));
    const signal = new AbortController().signal;
    await fetchJson("/api/ingestions?source=s3", schema, { signal });
    expect(fetch).toHaveBeenCalledWith("/api/ingestions?source=s3", {
      method: "GET",
      signal,
      headers: { accept: "application/json" },
      body: undefined,
    });
  });

  it("sends a JSON body with its method, and reads a 204 as null", async () => {
    const create = answer(201, JSON.stringify({ runs: [], nextBefore: null }));
    await fetchJson("/api/sources", schema, { method: "POST", json: { name: "trail" } });
    expect(create).toHaveBeenCalledWith("/api/sources", {
      method: "POST",
      signal: undefined,
      headers: { accept: "application/json", "content-type": "application/json" },
      body: '{"name":"trail"}',
    });
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => new Response(null, { status: 204 })),
    );
    expect(await fetchJson("/api/sources/3", z.null(), { method: "DELETE" })).toBeNull();
  });

  it("carries the API's problem message, status and request id", async () => {
    answer(
      400,
      JSON.stringify({ error: { status: 400, message: "Invalid query: limit: at most 100", requestId: "req-42" } }),
    );
    const error = await failure(fetchJson("/api/ingestions?limit=500", schema));
    expect([error.status, error.message, error.requestId]).toEqual([
      400,
      "Invalid query: limit: at most 100",
      "req-42",
    ]);
    expect(describeError(error)).toBe("Invalid query: limit: at most 100 (request req-42)");
  });

  it("says what the server answered when the error is not a problem body", async () => {
    answer(502, "<html>Bad gateway</html>");
    const error = await failure(fetchJson("/api/ingestions", schema));
    expect([error.status, error.message, error.requestId]).toEqual([502, "The server answered 502.", undefined]);
    expect(describeError(error)).toBe("The server answered 502.");
  });

  it("refuses an answer in another shape, naming where it differs", async () => {
    answer(200, JSON.stringify({ runs: [{ id: 7 }], nextBefore: null }));
    const error = await failure(fetchJson("/api/ingestions", schema));
    expect(error.message).toBe("The server's answer was not what this page expects at runs.0.id.");
    expect(error.cause).toBeInstanceOf(z.ZodError);
  });
});
