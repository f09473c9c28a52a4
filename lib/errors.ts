/**
 * One application error type for HTTP, sockets and jobs. `message` is safe to show a user;
 * anything else (stack, cause) is only logged.
 */
export const ERROR_CODES = [
  "VALIDATION_FAILED",
  "MALFORMED_JSON",
  "PAYLOAD_TOO_LARGE",
  "UNAUTHENTICATED",
  "INVALID_CREDENTIALS",
  "TOKEN_REVOKED",
  "FORBIDDEN",
  "NOT_FOUND",
  "CONFLICT",
  "EMAIL_TAKEN",
  "INCOMPATIBLE_CLIENT",
  "RATE_LIMITED",
  "UNAVAILABLE",
  "INTERNAL",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export type ErrorBody = { code: ErrorCode; message: string; details?: unknown };

const HTTP_STATUS: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  MALFORMED_JSON: 400,
  PAYLOAD_TOO_LARGE: 413,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  TOKEN_REVOKED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  EMAIL_TAKEN: 409,
  INCOMPATIBLE_CLIENT: 426,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;
  constructor(code: ErrorCode, message: string, details?: unknown, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "AppError";
    this.code = code;
    this.details = details;
  }
  get httpStatus(): number {
    return HTTP_STATUS[this.code];
  }
  toBody(): ErrorBody {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export function httpStatusFor(code: ErrorCode): number {
  return HTTP_STATUS[code];
}

/** Turns any thrown value into a safe body; unknown errors become a generic INTERNAL error. */
export function toErrorBody(err: unknown): ErrorBody {
  if (err instanceof AppError) return err.toBody();
  return { code: "INTERNAL", message: "Something went wrong on our side. It has been logged." };
}

/** Acks are one union, for every socket event. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };
