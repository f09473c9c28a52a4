import { APIConnectionError, APIConnectionTimeoutError, APIError, OpenAI } from "openai";
import { z } from "zod";

/**
 * A hosted (or any OpenAI-compatible: vLLM, llama.cpp server) chat model that rewords a follow-up.
 * It answers through a strict JSON schema, so a reply is either one `question` string or an error
 * with a kind the caller can log and fall back on.
 */
export interface LlmClient {
  readonly model: string;
  rewordFollowUp(opts: { system: string; user: string }): Promise<{ question: string }>;
  /** One chat completion answered through `schema` (strict JSON schema) and checked with `reply`. */
  completeJson<T>(opts: { system: string; user: string; schema: JsonSchemaFormat; reply: z.ZodType<T>; temperature?: number }): Promise<T>;
}

/** OpenAI's response_format.json_schema object. */
export type JsonSchemaFormat = { name: string; schema: Record<string, unknown>; strict: true };

export type LlmErrorKind = "rate-limited" | "server" | "timeout" | "connection" | "malformed" | "rejected";

export class LlmError extends Error {
  constructor(
    readonly kind: LlmErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = "LlmError";
  }
}

const ZReply = z.strictObject({ question: z.string().min(1) });

export const FOLLOW_UP_SCHEMA: JsonSchemaFormat = {
  name: "follow_up_question",
  schema: { type: "object", properties: { question: { type: "string" } }, required: ["question"], additionalProperties: false },
  strict: true,
};

export function createLlmClient({
  apiKey,
  baseURL,
  model,
  timeoutMs = 8000,
  maxRetries = 2,
}: {
  apiKey: string;
  baseURL?: string | undefined;
  model: string;
  timeoutMs?: number;
  /** The SDK's own retries (429, 5xx, timeouts, with backoff that honours retry-after). */
  maxRetries?: number;
}): LlmClient {
  const openai = new OpenAI({ apiKey, baseURL, timeout: timeoutMs, maxRetries });
  const completeJson = async <T>({ system, user, schema, reply, temperature = 0.3 }: { system: string; user: string; schema: JsonSchemaFormat; reply: z.ZodType<T>; temperature?: number }): Promise<T> => {
    let content: string | null | undefined;
    try {
      const completion = await openai.chat.completions.create({
        model,
        temperature,
        messages: [
          { role: "system", content: system },
          { role: "user", content: user },
        ],
        response_format: { type: "json_schema", json_schema: schema },
      });
      content = completion.choices[0]?.message.content;
    } catch (err) {
      throw toLlmError(err);
    }
    if (!content) throw new LlmError("malformed", "the model returned no content");
    let json: unknown;
    try {
      json = JSON.parse(content);
    } catch {
      throw new LlmError("malformed", `the model's content is not JSON: ${content.slice(0, 80)}`);
    }
    const parsed = reply.safeParse(json);
    if (!parsed.success) throw new LlmError("malformed", `the model's JSON does not match the schema: ${z.prettifyError(parsed.error)}`);
    return parsed.data;
  };
  return {
    model,
    completeJson,
    rewordFollowUp: ({ system, user }) => completeJson({ system, user, schema: FOLLOW_UP_SCHEMA, reply: ZReply }),
  };
}

/** Timeout is checked before connection: the SDK's timeout error is a kind of connection error. */
function toLlmError(err: unknown): LlmError {
  if (err instanceof APIConnectionTimeoutError) return new LlmError("timeout", "the model did not answer in time");
  if (err instanceof APIConnectionError) return new LlmError("connection", `could not reach the model: ${err.message}`);
  if (err instanceof APIError) {
    const status = err.status;
    if (status === 429) return new LlmError("rate-limited", "the model's server is rate limiting (429)", status);
    if (status !== undefined && status >= 500) return new LlmError("server", `the model's server failed (${status})`, status);
    return new LlmError("rejected", `the model's server rejected the request (${status ?? "no status"}): ${err.message}`, status);
  }
  return new LlmError("malformed", `unexpected reply: ${err instanceof Error ? err.message : String(err)}`);
}

/** The client configured by the environment, or undefined when no API key is set (the hosted path is off). */
export function llmClientFromEnv(env: { OPENAI_API_KEY?: string | undefined; OPENAI_BASE_URL?: string | undefined; OPENAI_MODEL: string }): LlmClient | undefined {
  if (!env.OPENAI_API_KEY) return undefined;
  return createLlmClient({ apiKey: env.OPENAI_API_KEY, baseURL: env.OPENAI_BASE_URL, model: env.OPENAI_MODEL });
}
