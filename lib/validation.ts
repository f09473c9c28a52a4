import type { z } from "zod";
import { AppError } from "./errors";

/** zod issues as a compact, user-readable list: [{ path: "email", message: "Invalid email" }]. */
export function issuesOf(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((i) => ({ path: i.path.join(".") || "(root)", message: i.message }));
}

export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const r = schema.safeParse(value);
  if (!r.success) {
    const issues = issuesOf(r.error);
    const first = issues[0];
    throw new AppError(
      "VALIDATION_FAILED",
      first ? `Invalid ${what}: ${first.path} ${first.message.toLowerCase()}` : `Invalid ${what}`,
      { issues },
    );
  }
  return r.data;
}
