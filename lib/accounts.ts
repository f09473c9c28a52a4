import { z } from "zod";

export const ROLES = ["CANDIDATE", "INTERVIEWER", "REVIEWER", "AUTHOR", "ADMIN"] as const;
export type RoleName = (typeof ROLES)[number];

export const ZEmail = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, "is too long")
  .pipe(z.email({ message: "is not a valid email address" }));

export const ZPassword = z.string().min(8, "must be at least 8 characters").max(200, "must be at most 200 characters");

export const ACCOUNT_TYPES = ["candidate", "team"] as const;

export const ZSignUp = z.strictObject({
  name: z.string().trim().min(1, "is required").max(100, "is too long"),
  email: ZEmail,
  password: ZPassword,
  /** candidate: practise alone; team: create an organisation and run interviews in it. */
  accountType: z.enum(ACCOUNT_TYPES).default("candidate"),
  orgName: z.string().trim().min(2).max(100).optional(),
});
export type SignUpInput = z.input<typeof ZSignUp>;

export const ZSignIn = z.strictObject({
  email: ZEmail,
  password: z.string().min(1, "is required").max(200, "is too long"),
});

/** Where each role lands after signing in; the first role held in this order wins. */
const HOME_ORDER: { role: RoleName; path: string }[] = [
  { role: "ADMIN", path: "/admin" },
  { role: "AUTHOR", path: "/author" },
  { role: "INTERVIEWER", path: "/interviews" },
  { role: "REVIEWER", path: "/reviews" },
  { role: "CANDIDATE", path: "/practice" },
];

export function homePathFor(roles: readonly RoleName[]): string {
  return HOME_ORDER.find((h) => roles.includes(h.role))?.path ?? "/practice";
}

export const ROLE_LABELS: Record<RoleName, string> = {
  CANDIDATE: "Candidate",
  INTERVIEWER: "Interviewer",
  REVIEWER: "Reviewer",
  AUTHOR: "Author",
  ADMIN: "Admin",
};
