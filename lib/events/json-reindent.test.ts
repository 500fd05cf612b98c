import { describe, expect, it } from "vitest";
import { reindentJson } from "./json-reindent";

describe("reindentJson", () => {
  it("lays a record out as JSON.stringify(v, null, 2) does", () => {
    const value = { a: 1, b: [true, null, "x"], c: { d: {}, e: [] }, f: 'q"u:o,t{e}[s]\\' };
    expect(reindentJson(JSON.stringify(value))).toBe(JSON.stringify(value, null, 2));
    expect(reindentJson('{ "a" :\n\t1 , "b": [ ] }')).toBe('{\n  "a": 1,\n  "b": []\n}');
  });

  it("keeps every token as written: numbers JSON.parse cannot hold, duplicate keys, escapes", () => {
    const text = '{"n":1e131072,"m":-0.0,"k":1,"k":2,"s":"\\u0000\\ud800 \\"x\\""}';
    expect(reindentJson(text)).toBe(
      '{\n  "n": 1e131072,\n  "m": -0.0,\n  "k": 1,\n  "k": 2,\n  "s": "\\u0000\\ud800 \\"x\\""\n}',
    );
  });
});
