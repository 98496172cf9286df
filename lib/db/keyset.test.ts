import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor } from "./keyset";

const base64url = (text: string) => Buffer.from(text, "utf8").toString("base64url");

describe("page cursors", () => {
  it("reads back what it wrote, for uuid and bigint ids", () => {
    const at = new Date("2026-11-30T12:00:00Z");
    const uuid = "7f0c6a5e-8c1f-4bd5-9a43-3d0e5b1a2c44";
    expect(decodeCursor(encodeCursor({ at, id: uuid }), "uuid")).toEqual({ at, id: uuid });
    expect(decodeCursor(encodeCursor({ at, id: "42" }), "bigint")).toEqual({ at, id: "42" });
  });

  it("reads a cursor the database could not use as none: wrong id type, id out of range, a time past 2100, garbage", () => {
    expect(decodeCursor(base64url("1.abc"), "uuid")).toBeNull();
    expect(decodeCursor(base64url("1.7f0c6a5e-8c1f-4bd5-9a43-3d0e5b1a2c44"), "bigint")).toBeNull();
    expect(decodeCursor(base64url("1.42"), "uuid")).toBeNull();
    expect(decodeCursor(base64url("1.99999999999999999999999"), "bigint")).toBeNull();
    expect(decodeCursor(base64url("999999999999999.42"), "bigint")).toBeNull();
    expect(decodeCursor("%00", "bigint")).toBeNull();
    expect(decodeCursor(undefined, "uuid")).toBeNull();
  });
});
