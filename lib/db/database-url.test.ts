import { describe, expect, it } from "vitest";
import { withDatabase } from "./database-url";

describe("withDatabase", () => {
  it("names another database on the same server, keeping the socket directory and credentials", () => {
    expect(withDatabase("postgresql://u:p%40ss@127.0.0.1:5432/postgres?host=%2Fwork%2F.data%2Fpg", "bench")).toBe(
      "postgresql://u:p%40ss@127.0.0.1:5432/bench?host=%2Fwork%2F.data%2Fpg",
    );
    expect(withDatabase("postgresql://u:p@localhost:5432/postgres", "bench")).toBe(
      "postgresql://u:p@localhost:5432/bench",
    );
  });
});
