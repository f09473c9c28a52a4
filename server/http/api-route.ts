import { NextResponse } from "next/server";
import type { z } from "zod";
import { AppError, toErrorBody } from "../../lib/errors";
import { parseOrThrow } from "../../lib/validation";
import type { AuthContext } from "../auth/context";
import { authenticateRequest } from "../auth/request-auth";
import { getRuntime, type Runtime } from "../runtime/runtime";

const DEFAULT_MAX_BODY = 64 * 1024;

type RouteCtx = { params: Promise<Record<string, string | string[]>> };

export type ApiArgs<P, B, A extends boolean> = {
  req: Request;
  rt: Runtime;
  params: P;
  body: B;
  auth: A extends true ? AuthContext : AuthContext | null;
};

/** What a handler returns: plain data (200 JSON) or { status, data } for another status. */
export type ApiResult = unknown;
export const withStatus = (status: number, data: unknown) => ({ __status: status, data });

/**
 * The thin adapter every /api route uses: authenticate, bound and parse the body, validate
 * params and body with zod, call the domain function, map errors to one JSON shape
 * `{ error: { code, message, details? } }`. Unknown errors are logged whole and answered generically.
 */
export function apiRoute<PS extends z.ZodType = z.ZodUndefined, BS extends z.ZodType = z.ZodUndefined, A extends boolean = true>(
  opts: { auth?: A; params?: PS; body?: BS; maxBodyBytes?: number },
  handler: (args: ApiArgs<z.infer<PS>, z.infer<BS>, A>) => Promise<ApiResult>,
) {
  return async (req: Request, routeCtx: RouteCtx): Promise<Response> => {
    let rt: Runtime | undefined;
    try {
      rt = getRuntime();
      const needAuth = opts.auth ?? true;
      const ctx = await authenticateRequest({ db: rt.db, req });
      if (needAuth && !ctx) throw new AppError("UNAUTHENTICATED", "Sign in or send an API token to do this.");
      const params = opts.params ? parseOrThrow(opts.params, await routeCtx.params, "path") : undefined;
      const body = opts.body ? parseOrThrow(opts.body, await readJsonBody(req, opts.maxBodyBytes ?? DEFAULT_MAX_BODY), "request body") : undefined;
      const result = await handler({ req, rt, params, body, auth: ctx } as ApiArgs<z.infer<PS>, z.infer<BS>, A>);
      if (result instanceof Response) return result;
      if (result && typeof result === "object" && "__status" in result) {
        const r = result as { __status: number; data: unknown };
        return NextResponse.json(r.data, { status: r.__status });
      }
      return NextResponse.json(result ?? null);
    } catch (err) {
      return errorResponse(err, rt);
    }
  };
}

export function errorResponse(err: unknown, rt?: Runtime): Response {
  if (err instanceof AppError) {
    // A refusal that ends at a known time says when (RFC 9110 Retry-After, in seconds).
    const retryAfterS = err.code === "RATE_LIMITED" ? (err.details as { retryAfterS?: unknown } | undefined)?.retryAfterS : undefined;
    const headers = typeof retryAfterS === "number" ? { "retry-after": String(retryAfterS) } : undefined;
    return NextResponse.json({ error: err.toBody() }, { status: err.httpStatus, headers });
  }
  rt?.logger.error({ err }, "unhandled error in API route");
  if (!rt) console.error(err);
  return NextResponse.json({ error: toErrorBody(err) }, { status: 500 });
}

/** Reads a body without trusting Content-Length, stopping as soon as it passes maxBytes. */
export async function readBodyBytes(req: Request, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw new AppError("PAYLOAD_TOO_LARGE", `The request body is larger than ${maxBytes} bytes.`);
  const reader = req.body?.getReader();
  if (!reader) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new AppError("PAYLOAD_TOO_LARGE", `The request body is larger than ${maxBytes} bytes.`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** Reads and parses a JSON body of at most maxBytes. */
export async function readJsonBody(req: Request, maxBytes: number): Promise<unknown> {
  const type = req.headers.get("content-type") ?? "";
  if (!/^application\/json\b/i.test(type)) throw new AppError("VALIDATION_FAILED", "Send the body as JSON (Content-Type: application/json).");
  const text = Buffer.from(await readBodyBytes(req, maxBytes)).toString("utf8");
  if (!text.trim()) throw new AppError("VALIDATION_FAILED", "The request body is empty.");
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError("MALFORMED_JSON", "The request body is not valid JSON.");
  }
}
