import { describe, expect, it } from "vitest";
import { csvCell, csvLine } from "./csv";
import { withoutSecretFields } from "./redact";

describe("CSV cells", () => {
  it("neutralise formula starts with an apostrophe", () => {
    for (const v of ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\rx", " =1"])
      expect(csvCell(v).replace(/^"|"$/g, "").startsWith("'")).toBe(true);
    expect(csvCell("a=1")).toBe("a=1");
  });

  it("quote commas, quotes and line breaks", () => {
    expect(csvLine(["a,b", 'say "hi"', "x\ny", null, 3])).toBe('"a,b","say ""hi""","x\ny",,3\r\n');
  });
});

describe("withoutSecretFields", () => {
  it("drops secret-named keys at any depth and keeps the rest", () => {
    expect(
      withoutSecretFields({
        authToken: "x",
        authTokenEnabled: true,
        a: [{ password: "p", name: "n" }],
        b: { clientSecret: "s" },
      }),
    ).toEqual({ authTokenEnabled: true, a: [{ name: "n" }], b: {} });
  });

  it("keeps a __proto__ key as data", () => {
    const out = withoutSecretFields(JSON.parse('{"__proto__": {"polluted": true}}')) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toEqual(["__proto__"]);
  });
});
