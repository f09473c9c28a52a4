import type { Socket } from "socket.io";
import type { z } from "zod";
import { AppError, toErrorBody, type Ack } from "../../lib/errors";
import { MAX_EVENT_BYTES } from "../../lib/realtime/contract";
import { issuesOf } from "../../lib/validation";
import type { Logger } from "../logger";

export function payloadTooLarge(payload: unknown, max = MAX_EVENT_BYTES): boolean {
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
  socket.on(event, (payload: unknown, ack: unknown) => {
    const hasAck = typeof ack === "function";
    if (!hasAck && !opts.ackOptional) return;
    const reply = hasAck ? (ack as (r: Ack<R>) => void) : undefined;
    const fail = (err: unknown) => {
      if (!(err instanceof AppError)) logger.error({ err, event }, "unhandled error in socket handler");
      const error = toErrorBody(err);
      if (reply) reply({ ok: false, error });
      else socket.emit("system:error", { event, ...error });
    };
    try {
      const data = validatePayload(event, schema, payload, opts.maxBytes);
      const out = handler(data);
      if (out instanceof Promise) out.then((r) => reply?.({ ok: true, data: r }), fail);
      else reply?.({ ok: true, data: out });
    } catch (err) {
      fail(err);
    }
  });
}
