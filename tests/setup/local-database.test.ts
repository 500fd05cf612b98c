import { describe, expect, it } from "vitest";
import { ALLOW_REMOTE_DATABASE, assertLocalDatabases, databaseHosts } from "./local-database";

const NAMES = ["TEST_DATABASE_URL", "DATABASE_URL"];

describe("databaseHosts", () => {
  it.each([
    ["postgresql://u:p@127.0.0.1:5432/db", ["127.0.0.1"]],
    ["postgres://u:p@localhost/db", ["localhost"]],
    ["postgresql://u:p@[::1]:5432/db", ["[::1]"]],
    ["postgresql://u:p@db.example:5432/db", ["db.example"]],
    ["postgresql:///db?host=/var/run/postgresql", ["/var/run/postgresql"]],
    ["postgresql://u@localhost/db?host=db.example", ["db.example"]],
    ["postgresql:///db", ["localhost"]],
  ])("%s reaches %j", (url, hosts) => {
    expect(databaseHosts(url)).toEqual(hosts);
  });

  it("takes PGHOST when the URL names no host, as libpq does", () => {
    expect(databaseHosts("postgresql:///db", "db.example,localhost")).toEqual(["db.example", "localhost"]);
  });

  it("is null for what is not a postgresql URL", () => {
    expect(databaseHosts("host=db.example dbname=x")).toBeNull();
    expect(databaseHosts("mysql://localhost/db")).toBeNull();
    expect(databaseHosts("postgres://u@h1:5432,h2:5432/db")).toBeNull();
  });
});

describe("assertLocalDatabases", () => {
  it("accepts unset variables and databases on this machine", () => {
    expect(() => assertLocalDatabases({}, NAMES)).not.toThrow();
    expect(() =>
      assertLocalDatabases(
        { TEST_DATABASE_URL: "postgresql://u:p@127.0.0.1:54329/postgres", DATABASE_URL: "postgres://u@LOCALHOST/x" },
        NAMES,
      ),
    ).not.toThrow();
  });

  it("refuses another host, naming the variable, the host and the override", () => {
    expect(() => assertLocalDatabases({ DATABASE_URL: "postgresql://u:p@db.example:5432/cachetrail" }, NAMES)).toThrow(
      `DATABASE_URL points at db.example, not this machine, and the tests create and drop databases there. ` +
        `Unset it, or set ${ALLOW_REMOTE_DATABASE}=1 if that server is meant for tests.`,
    );
    expect(() =>
      assertLocalDatabases({ TEST_DATABASE_URL: "postgresql:///x", PGHOST: "10.0.0.5" }, ["TEST_DATABASE_URL"]),
    ).toThrow("TEST_DATABASE_URL points at 10.0.0.5, not this machine");
  });

  it("refuses what it cannot read", () => {
    expect(() => assertLocalDatabases({ DATABASE_URL: "host=db.example" }, NAMES)).toThrow(
      "DATABASE_URL cannot be read as a postgresql:// URL, so the tests cannot tell it is on this machine.",
    );
  });

  it("lets any host through when the override is set to 1, and only then", () => {
    const remote = { DATABASE_URL: "postgresql://u:p@db.example/x" };
    expect(() => assertLocalDatabases({ ...remote, [ALLOW_REMOTE_DATABASE]: "1" }, NAMES)).not.toThrow();
    expect(() => assertLocalDatabases({ ...remote, [ALLOW_REMOTE_DATABASE]: "true" }, NAMES)).toThrow(
      "DATABASE_URL points at db.example",
    );
  });
});
