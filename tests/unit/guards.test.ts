import { describe, expect, it } from "vitest";
import { homePathFor, ZSignUp } from "@/lib/accounts";
import { AppError, httpStatusFor, toErrorBody } from "@/lib/errors";
import type { AuthContext } from "@/server/auth/context";
import { requireAuth, requireOrgMember, requireOrgRole } from "@/server/auth/guards";

const ctx = (roles: AuthContext["memberships"][number]["roles"], orgId = "org-a"): AuthContext => ({
  user: { id: "u1", email: "u@x.io", name: "U", locale: "en" },
  memberships: [{ orgId, orgName: "A", orgSlug: "a", roles }],
  via: "session",
});

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return (err as AppError).code;
  }
  return "no error";
};

describe("role guards", () => {
  it("requires a signed-in caller", () => {
    expect(code(() => requireAuth(null))).toBe("UNAUTHENTICATED");
    expect(code(() => requireOrgRole(undefined, "org-a", ["AUTHOR"]))).toBe("UNAUTHENTICATED");
  });

  it("lets a role through in its own organisation only", () => {
    expect(requireOrgRole(ctx(["AUTHOR"]), "org-a", ["AUTHOR"]).orgId).toBe("org-a");
    expect(code(() => requireOrgRole(ctx(["AUTHOR"]), "org-b", ["AUTHOR"]))).toBe("FORBIDDEN");
    expect(code(() => requireOrgMember(ctx(["CANDIDATE"]), "org-b"))).toBe("FORBIDDEN");
  });

  it("refuses a member without the role, and admins hold every role", () => {
    expect(code(() => requireOrgRole(ctx(["CANDIDATE"]), "org-a", ["INTERVIEWER", "REVIEWER"]))).toBe("FORBIDDEN");
    expect(requireOrgRole(ctx(["ADMIN"]), "org-a", ["INTERVIEWER"]).roles).toEqual(["ADMIN"]);
  });

  it("sends each role to its home", () => {
    expect(homePathFor(["CANDIDATE"])).toBe("/practice");
    expect(homePathFor(["INTERVIEWER"])).toBe("/interviews");
    expect(homePathFor(["REVIEWER"])).toBe("/reviews");
    expect(homePathFor(["AUTHOR"])).toBe("/author");
    expect(homePathFor(["CANDIDATE", "ADMIN"])).toBe("/admin");
  });
});

describe("errors", () => {
  it("maps codes to HTTP statuses and hides unknown errors", () => {
    expect(new AppError("FORBIDDEN", "no").httpStatus).toBe(403);
    expect(httpStatusFor("PAYLOAD_TOO_LARGE")).toBe(413);
    expect(httpStatusFor("INCOMPATIBLE_CLIENT")).toBe(426);
    expect(toErrorBody(new Error("db password is hunter2"))).toEqual({ code: "INTERNAL", message: expect.not.stringContaining("hunter2") });
  });
});

describe("sign-up input", () => {
  it("normalises email and rejects unknown fields", () => {
    expect(ZSignUp.parse({ name: " Li ", email: " LI@Example.COM ", password: "12345678" })).toMatchObject({ name: "Li", email: "li@example.com", accountType: "candidate" });
    expect(ZSignUp.safeParse({ name: "Li", email: "li@example.com", password: "12345678", roles: ["ADMIN"] }).success).toBe(false);
  });
});
