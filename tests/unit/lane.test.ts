import { describe, expect, it } from "vitest";
import { decodeServerLaneFrame, encodeLaneFrame, laneUrl } from "@/lib/realtime/lane";

describe("draft lane frames and addresses", () => {
  it("builds the lane's address on the page's origin, wss behind https, with the ticket escaped", () => {
    const t = { path: "/realtime/lane", sid: "a+b/c", ticket: "t_-0" };
    expect(laneUrl("http://localhost:3000/room/x?y=1", t).href).toBe("ws://localhost:3000/realtime/lane?sid=a%2Bb%2Fc&ticket=t_-0");
    expect(laneUrl("https://mockroom.example/room/x", t).protocol).toBe("wss:");
  });

  it("decodes the server's three lane events and ignores anything else", () => {
    const draft = { sessionId: "s", draft: { turnId: "t", authorId: "u", text: "注意力 softmax", rev: 3 } };
    expect(decodeServerLaneFrame(encodeLaneFrame("staff:draft", draft))).toEqual({ event: "staff:draft", payload: draft });
    expect(decodeServerLaneFrame(encodeLaneFrame("draft:stale", { sessionId: "s", turnId: "t", rev: 4 }))?.event).toBe("draft:stale");
    expect(decodeServerLaneFrame(encodeLaneFrame("system:error", { event: "lane", code: "VALIDATION_FAILED", message: "m" }))?.event).toBe("system:error");
    for (const bad of ["{", "null", "[]", '["staff:draft"]', '["staff:score",{}]', '["staff:draft",null]', '["staff:draft",{},1]', '[1,{}]']) {
      expect(decodeServerLaneFrame(bad)).toBeNull();
    }
  });
});
