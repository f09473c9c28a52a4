import { describe, expect, it } from "vitest";
import { clientEventSchemas, ZHandshakeAuth } from "@/lib/realtime/contract";

describe("realtime contract", () => {
  it("accepts well-formed client events", () => {
    expect(clientEventSchemas["chat:send"].safeParse({ sessionId: "abc123", clientId: "cli-12345678", body: " 你好 LoRA " }).data?.body).toBe("你好 LoRA");
    expect(clientEventSchemas["room:join"].safeParse({ sessionId: "abc123" }).success).toBe(true);
  });

  it.each([
    ["missing field", "room:join", {}],
    ["extra field", "room:join", { sessionId: "a", admin: true }],
    ["wrong type", "room:join", { sessionId: 7 }],
    ["id with odd characters", "room:join", { sessionId: "../../etc" }],
    ["empty chat", "chat:send", { sessionId: "s1", clientId: "cli-12345678", body: "   " }],
    ["short client id", "chat:send", { sessionId: "s1", clientId: "x", body: "hi" }],
  ] as const)("rejects %s", (_name, event, payload) => {
    expect(clientEventSchemas[event].safeParse(payload).success).toBe(false);
  });

  it("requires a numeric protocol in the handshake", () => {
    expect(ZHandshakeAuth.safeParse({ protocol: 1 }).success).toBe(true);
    expect(ZHandshakeAuth.safeParse({}).success).toBe(false);
    expect(ZHandshakeAuth.safeParse({ protocol: 1, token: "" }).success).toBe(false);
  });
});
