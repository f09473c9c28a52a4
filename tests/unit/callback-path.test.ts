import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "@/app/signin/callback-path";

describe("sign-in callback path", () => {
  it("keeps a path on this site, with its query and hash", () => {
    expect(safeCallbackPath("/join/AbC_12-xyz")).toBe("/join/AbC_12-xyz");
    expect(safeCallbackPath("/join/tok?as=observer")).toBe("/join/tok?as=observer");
    expect(safeCallbackPath("/interviews#x")).toBe("/interviews#x");
    expect(safeCallbackPath("/a/../join")).toBe("/join");
  });

  it("drops other origins, protocol-relative and backslash tricks, control characters and non-strings", () => {
    for (const bad of ["https://evil.example/x", "//evil.example/x", "/\\evil.example", "javascript:alert(1)", "join", "", "/join\n/x", "/join\t", `/${"a".repeat(600)}`, null, undefined, 42, ["/join"]]) {
      expect(safeCallbackPath(bad), String(bad)).toBeNull();
    }
  });
});
