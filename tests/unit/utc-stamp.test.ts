import { describe, expect, it } from "vitest";
import { utcStamp } from "@/lib/i18n/utc-stamp";

describe("utcStamp", () => {
  it("prints an ISO instant in UTC without the T, to the minute or to the second", () => {
    expect(utcStamp("2026-11-29T18:32:52.425Z")).toBe("2026-11-29 18:32");
    expect(utcStamp("2026-11-29T18:32:52.425Z", "second")).toBe("2026-11-29 18:32:52");
  });
});
