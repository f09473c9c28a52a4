import { expect, test } from "./fixtures";
import type { Page } from "@playwright/test";
import { io } from "socket.io-client";

const DEMO_PASSWORD = "mockroom-demo";
const ROLES = [
  { email: "candidate@demo.mockroom.dev", path: "/practice", heading: "Practice" },
  { email: "interviewer@demo.mockroom.dev", path: "/interviews", heading: "Interviews" },
  { email: "reviewer@demo.mockroom.dev", path: "/reviews", heading: "Reviews" },
  { email: "author@demo.mockroom.dev", path: "/author", heading: "Questions" },
  { email: "admin@demo.mockroom.dev", path: "/admin", heading: "Admin" },
];

async function signIn(page: Page, email: string, password: string) {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

test("[VISITOR] signs up as a candidate and lands on the practice home", async ({ page }) => {
  const email = `e2e-${Date.now()}@example.com`;
  await page.goto("/");
  await page.getByRole("link", { name: "Create an account" }).click();
  await page.getByLabel("Name").fill("Wang Lei");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password (at least 8 characters)").fill("a-good-password");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/practice$/);
  await expect(page.getByRole("heading", { level: 1, name: "Practice" })).toBeVisible();
  await expect(page.getByTestId("signed-in-as")).toContainText("Wang Lei");

  // The same email cannot be registered twice; the form says so next to the field.
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/$/);
  await page.goto("/signup");
  await page.getByLabel("Name").fill("Someone Else");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password (at least 8 characters)").fill("another-password");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("This email is already registered.")).toBeVisible();
  await expect(page).toHaveURL(/\/signup$/);
});

test("[VISITOR] a Chinese browser gets Chinese after signing up and in, until the user picks a language; the pick follows the account", async ({ browser }) => {
  const email = `e2e-zh-${Date.now()}@example.com`;
  const zhPage = async () => (await browser.newContext({ locale: "zh-CN" })).newPage();

  // Nobody chose a language yet: the browser's Chinese applies before and after signing up.
  const first = await zhPage();
  await first.goto("/signup");
  await first.getByLabel("姓名").fill("李华");
  await first.getByLabel("邮箱").fill(email);
  await first.getByLabel("密码（至少 8 个字符）").fill("a-good-password");
  await first.getByRole("button", { name: "创建账号" }).click();
  await expect(first).toHaveURL(/\/practice$/);
  await expect(first.getByRole("heading", { level: 1, name: "练习" })).toBeVisible();
  await first.getByRole("button", { name: "退出登录" }).click();
  await first.goto("/signin");
  await first.getByLabel("邮箱").fill(email);
  await first.getByLabel("密码").fill("a-good-password");
  await first.getByRole("button", { name: "登录" }).click();
  await expect(first.getByRole("heading", { level: 1, name: "练习" })).toBeVisible();

  // The user picks English; in another Chinese browser, signing in brings that choice along.
  await first.getByLabel("语言").first().selectOption("en");
  await expect(first.getByRole("heading", { level: 1, name: "Practice" })).toBeVisible();
  const second = await zhPage();
  await second.goto("/signin");
  await second.getByLabel("邮箱").fill(email);
  await second.getByLabel("密码").fill("a-good-password");
  await second.getByRole("button", { name: "登录" }).click();
  await expect(second.getByRole("heading", { level: 1, name: "Practice" })).toBeVisible();
});

for (const role of ROLES) {
  test(`[${role.heading.toUpperCase()}] demo user signs in and lands on ${role.path}`, async ({ page }) => {
    await signIn(page, role.email, DEMO_PASSWORD);
    await expect(page).toHaveURL(new RegExp(`${role.path}$`));
    await expect(page.getByRole("heading", { level: 1, name: role.heading })).toBeVisible();
  });
}

test("[AUTHOR] sees the seeded bilingual question bank", async ({ page }) => {
  await signIn(page, "author@demo.mockroom.dev", DEMO_PASSWORD);
  await expect(page.getByRole("heading", { level: 1, name: "Questions" })).toBeVisible();
  const rows = page.locator("tbody tr");
  await expect(rows.first()).toBeVisible();
  await expect(page.locator("tbody td", { hasText: /^ZH$/i }).first()).toBeVisible();
  await expect(page.locator("tbody td", { hasText: /^EN$/i }).first()).toBeVisible();
});

test("[VISITOR] a wrong password or malformed email is refused with a clear message", async ({ page }) => {
  await signIn(page, "candidate@demo.mockroom.dev", "not-the-password");
  await expect(page.getByRole("alert").filter({ hasText: "Email or password is incorrect." })).toBeVisible();
  await expect(page).toHaveURL(/\/signin$/);
  await signIn(page, "not-an-email", "whatever");
  await expect(page.getByText("Email is not a valid email address")).toBeVisible();
});

test("[VISITOR] after five wrong passwords the form says to wait, and the right password is refused too", async ({ page }) => {
  // A fresh account, so no other spec's demo user is locked.
  const email = `e2e-throttle-${Date.now()}@example.com`;
  const signup = await page.request.post("/api/v1/auth/signup", { data: { name: "Zhao Min", email, password: "the-right-password" } });
  expect(signup.status()).toBe(201);
  for (let i = 0; i < 5; i++) {
    await signIn(page, email, `wrong-password-${i}`);
    await expect(page.getByRole("alert").filter({ hasText: "Email or password is incorrect." })).toBeVisible();
  }
  await signIn(page, email, "the-right-password");
  await expect(page.getByRole("alert").filter({ hasText: "Too many failed sign-in attempts. Try again later (within 15 minutes)." })).toBeVisible();
  await expect(page).toHaveURL(/\/signin$/);
});

test("[CANDIDATE] cannot open the admin page and signed-out visitors are sent to sign in", async ({ page }) => {
  await page.goto("/admin");
  await expect(page).toHaveURL(/\/signin$/);
  await signIn(page, "candidate@demo.mockroom.dev", DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/practice$/);
  await page.goto("/admin");
  await expect(page.getByRole("alert").filter({ hasText: "You need the admin role" })).toBeVisible();
});

test("[ADMIN] creates an API token in the UI and a script can use it", async ({ page, request }) => {
  await signIn(page, "admin@demo.mockroom.dev", DEMO_PASSWORD);
  await page.getByRole("link", { name: "API tokens" }).click();
  await page.getByLabel("Token name").fill("ATS export");
  await page.getByRole("button", { name: "Create token" }).click();
  const token = (await page.getByTestId("new-token").textContent())?.trim() ?? "";
  expect(token).toMatch(/^mr_/);
  const me = await request.get("/api/v1/me", { headers: { authorization: `Bearer ${token}` } });
  expect(me.status()).toBe(200);
  expect(((await me.json()) as { user: { email: string } }).user.email).toBe("admin@demo.mockroom.dev");

  // The same token opens a Socket.IO connection on the app's port; no credentials are refused.
  const baseURL = test.info().project.use.baseURL ?? "";
  const connect = (auth: Record<string, unknown>) =>
    new Promise<{ ok: boolean; code?: string }>((resolve) => {
      const sock = io(baseURL, { transports: ["websocket"], reconnection: false, forceNew: true, auth });
      sock.on("connect", () => {
        sock.disconnect();
        resolve({ ok: true });
      });
      sock.on("connect_error", (err: Error & { data?: { code: string } }) => resolve({ ok: false, code: err.data?.code }));
    });
  expect(await connect({ protocol: 1, token })).toEqual({ ok: true });
  expect(await connect({ protocol: 1 })).toEqual({ ok: false, code: "UNAUTHENTICATED" });
});
