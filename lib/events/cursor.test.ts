import { describe, expect, it } from "vitest";
import { cursorSchema, decodeCursor, encodeCursor } from "./cursor";

describe("keyset cursors", () => {
  it("encode (time, id) and decode it back", () => {
    const position = { time: new Date("2014-12-01T22:32:21.000Z"), id: 3n };
    expect(encodeCursor(position)).toBe("1417473141000_3");
    expect(decodeCursor("1417473141000_3")).toEqual(position);
  });

  it("refuse anything else, the timeline's former <ms>.<id> form included", () => {
    for (const bad of ["", "1_", "_1", "a_1", "1_1_1", "1_99999999999999999999", "1.5_2", "1417473141000.3"])
      expect(decodeCursor(bad)).toBeNull();
    expect(decodeCursor("1_9223372036854775808")).toBeNull();
    expect(decodeCursor("1_9223372036854775807")).toEqual({ time: new Date(1), id: 9223372036854775807n });
  });

  it("are checked by the API's parameter schema", () => {
    expect(cursorSchema.safeParse("1417473141000_3").success).toBe(true);
    const refused = cursorSchema.safeParse("1417473141000.3");
    expect(refused.error?.issues[0]?.message).toBe("not a page cursor from this API (expected <epoch-ms>_<id>)");
  });
});
