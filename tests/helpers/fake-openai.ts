import http from "node:http";
import type { AddressInfo } from "node:net";

/** What the fake answers one chat completion with: a status with a JSON error, assistant content, or nothing (hang). */
export type FakeReply = { status: 200; content: string } | { status: 429 | 500; message: string } | "hang";
export type FakeRequest = { body: Record<string, unknown> };

export type FakeOpenAi = {
  baseURL: string;
  requests: FakeRequest[];
  /** Replaces how the next requests are answered. */
  respond(fn: (req: FakeRequest) => FakeReply): void;
  close(): Promise<void>;
};

/**
 * An OpenAI-compatible chat completions endpoint on 127.0.0.1 (port 0) whose behaviour each test
 * picks: the real `openai` SDK talks to it over HTTP, so timeouts, retries and status mapping are real.
 */
export async function startFakeOpenAi(): Promise<FakeOpenAi> {
  const requests: FakeRequest[] = [];
  let respond: (req: FakeRequest) => FakeReply = () => ({ status: 500, message: "no reply configured" });
  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (c: Buffer) => (raw += c.toString()));
    req.on("end", () => {
      if (req.method !== "POST" || req.url !== "/v1/chat/completions") return void res.writeHead(404).end();
      const request = { body: JSON.parse(raw) as Record<string, unknown> };
      requests.push(request);
      const reply = respond(request);
      if (reply === "hang") return; // never answers: the client's timeout must end it
      const headers = { "content-type": "application/json", "retry-after-ms": "1" };
      if (reply.status !== 200) {
        return void res.writeHead(reply.status, headers).end(JSON.stringify({ error: { message: reply.message, type: reply.status === 429 ? "rate_limit" : "server_error" } }));
      }
      res.writeHead(200, headers).end(
        JSON.stringify({ id: "c1", object: "chat.completion", created: 0, model: "fake-model", choices: [{ index: 0, finish_reason: "stop", message: { role: "assistant", content: reply.content } }] }),
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    requests,
    respond(fn) {
      respond = fn;
    },
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}
