import type { Socket } from "socket.io";
import type { z } from "zod";
import { AppError, toErrorBody, type Ack, type ErrorBody } from "../../lib/errors";
import { MAX_EVENT_BYTES } from "../../lib/realtime/contract";
import { issuesOf } from "../../lib/validation";
import type { Logger } from "../logger";

const BOUND_MAX_DEPTH = 32;

/**
 * An upper bound on the UTF-8 size of JSON.stringify(value), without building the string: a string
 * costs at most 6 bytes per UTF-16 unit (a \uXXXX escape; plain UTF-8 needs at most 3) plus quotes, a
 * number at most 24 ("-1.7976931348623157e+308"). Infinity for anything that is not plain JSON data
 * (Buffers from binary attachments, objects with toJSON, bigint, deep nesting) or once `budget` is
 * passed, so the caller measures exactly. Hot path: every typing event goes through here.
 */
function jsonBytesAtMost(value: unknown, budget: number, depth: number): number {
  switch (typeof value) {
    case "string":
      return 6 * value.length + 2;
    case "number":
      return 24;
    case "boolean":
    case "undefined":
    case "function":
    case "symbol":
      return 5; // "false"; the others become "null" or are left out
    case "object": {
      if (value === null) return 4;
      if (depth >= BOUND_MAX_DEPTH) return Number.POSITIVE_INFINITY;
      let total = 2;
      if (Array.isArray(value)) {
        for (const item of value as unknown[]) {
          total += jsonBytesAtMost(item, budget - total, depth + 1) + 1;
          if (total > budget) return Number.POSITIVE_INFINITY;
        }
        return total;
      }
      const proto = Object.getPrototypeOf(value) as unknown;
      if ((proto !== Object.prototype && proto !== null) || "toJSON" in value) return Number.POSITIVE_INFINITY;
      for (const key in value) {
        if (!Object.hasOwn(value, key)) continue;
        total += 6 * key.length + 4 + jsonBytesAtMost((value as Record<string, unknown>)[key], budget - total, depth + 1);
        if (total > budget) return Number.POSITIVE_INFINITY;
      }
      return total;
    }
    default:
      return Number.POSITIVE_INFINITY;
  }
}

export function payloadTooLarge(payload: unknown, max = MAX_EVENT_BYTES): boolean {
  // Small plain payloads (nearly all) are settled by the bound; only the rest are serialised.
  if (jsonBytesAtMost(payload, max, 0) <= max) return false;
  try {
    return Buffer.byteLength(JSON.stringify(payload) ?? "") > max;
  } catch {
    return true;
  }
}

export function validatePayload<S extends z.ZodType>(event: string, schema: S, payload: unknown, max = MAX_EVENT_BYTES): z.infer<S> {
  if (payloadTooLarge(payload, max)) throw new AppError("PAYLOAD_TOO_LARGE", `The ${event} payload is larger than ${max} bytes.`);
  const parsed = schema.safeParse(payload);
  if (!parsed.success) {
    const issues = issuesOf(parsed.error);
    throw new AppError("VALIDATION_FAILED", `Invalid ${event} payload: ${issues[0]?.path} ${issues[0]?.message.toLowerCase()}`, { issues });
  }
  return parsed.data as z.infer<S>;
}

/**
 * Registers one client event: checks size and shape with its zod schema, runs the handler and
 * answers with the one Ack union. Events named in `ackOptional` may be sent without an ack
 * (high-rate streams such as drafts); for the others a missing ack is a client bug and the event
 * is dropped. Errors of ack-less events are reported on the socket as `system:error`.
 */
export function onEvent<S extends z.ZodType, R>(
  socket: Socket,
  logger: Logger,
  event: string,
  schema: S,
  handler: (payload: z.infer<S>) => Promise<R> | R,
  opts: { ackOptional?: boolean; maxBytes?: number } = {},
): void {
  // Per-event work stays allocation-light: no closures unless the handler is asynchronous or fails.
  socket.on(event, (payload: unknown, ack: unknown) => {
    const hasAck = typeof ack === "function";
    if (!hasAck && !opts.ackOptional) return;
    const reply = hasAck ? (ack as (r: Ack<R>) => void) : undefined;
    try {
      const data = validatePayload(event, schema, payload, opts.maxBytes);
      const out = handler(data);
      if (out instanceof Promise) out.then((r) => reply?.({ ok: true, data: r }), (err: unknown) => fail(socket, logger, event, reply, err));
      else reply?.({ ok: true, data: out });
    } catch (err) {
      fail(socket, logger, event, reply, err);
    }
  });
}

/** The error body a client gets for a failed event; anything but an AppError is a bug, and is logged. */
export function eventErrorBody(logger: Logger, event: string, err: unknown): ErrorBody {
  if (!(err instanceof AppError)) logger.error({ err, event }, "unhandled error in socket handler");
  return toErrorBody(err);
}

function fail(socket: Socket, logger: Logger, event: string, reply: ((r: Ack<never>) => void) | undefined, err: unknown): void {
  const error = eventErrorBody(logger, event, err);
  if (reply) reply({ ok: false, error });
  else socket.emit("system:error", { event, ...error });
}
