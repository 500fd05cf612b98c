import { describe, expect, it } from "vitest";
import { csvCell, csvLine } from "./csv";

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
