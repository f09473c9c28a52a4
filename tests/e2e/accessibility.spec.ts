import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { createSession, signedIn } from "./demo-users";

/**
 * axe-core's WCAG 2.1 A and AA rules over every kind of page, each as the role that uses it, and
 * over the live room as interviewer and candidate (lobby and mid-answer) and the summary. A rule
 * broken anywhere fails the test with the rule, the elements and axe's explanation.
 */
async function violations(page: Page): Promise<string[]> {
  await page.waitForLoadState("networkidle");
  const r = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return r.violations.map((v) => `${new URL(page.url()).pathname} ${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}: ${v.nodes[0]?.failureSummary ?? ""}`);
}

const PAGES_BY_USER: Record<string, string[]> = {
  "candidate@demo.mockroom.dev": ["/practice", "/queue", "/join", "/settings/tokens"],
  "interviewer@demo.mockroom.dev": ["/interviews", "/interviews/new", "/interviews/templates"],
  "reviewer@demo.mockroom.dev": ["/reviews"],
  "author@demo.mockroom.dev": ["/author", "/author/new"],
  "admin@demo.mockroom.dev": ["/admin"],
};

test("[EVERYONE] the public pages and each role's pages pass axe's WCAG 2.1 AA rules, in English and Chinese", async ({ browser, page }) => {
  test.setTimeout(120_000);
  const found: string[] = [];
  for (const path of ["/", "/signin", "/signup"]) {
    await page.goto(path);
    found.push(...(await violations(page)));
  }
  for (const [email, paths] of Object.entries(PAGES_BY_USER)) {
    const user = await signedIn(browser, email);
    for (const path of paths) {
      await user.goto(path);
      found.push(...(await violations(user)));
    }
  }
  // The Chinese interface (lang attribute, longer and shorter labels) on the busiest form.
  const zh = await signedIn(browser, "interviewer@demo.mockroom.dev");
  await zh.context().addCookies([{ name: "mockroom-locale", value: "zh", url: new URL(zh.url()).origin }]);
  await zh.goto("/interviews/new");
  await expect(zh.locator("html")).toHaveAttribute("lang", /^zh/);
  found.push(...(await violations(zh)));
  expect(found).toEqual([]);
});

test("[INTERVIEWER+CANDIDATE] the live room (lobby, a question being answered) and the summary pass axe's WCAG 2.1 AA rules", async ({ browser }) => {
  const interviewer = await signedIn(browser, "interviewer@demo.mockroom.dev");
  const candidate = await signedIn(browser, "candidate@demo.mockroom.dev");
  const session = await createSession(interviewer, { title: "Accessibility check", slugs: ["attention-mechanism"] });

  const found: string[] = [];
  await interviewer.goto(`/room/${session.id}`);
  await candidate.goto(`/join/${session.inviteToken}`);
  await expect(candidate.getByTestId("live-room")).toHaveAttribute("data-role", "CANDIDATE");
  found.push(...(await violations(interviewer)), ...(await violations(candidate)));

  await interviewer.getByRole("button", { name: "Start the session" }).click();
  await interviewer.getByTestId("ask-0").click();
  await expect(candidate.getByTestId("question-prompt")).toContainText(/attention/i);
  await candidate.getByRole("textbox").first().fill("Scaling by sqrt(d_k) keeps the softmax from saturating.");
  await expect(interviewer.getByText("keeps the softmax from saturating")).toBeVisible();
  found.push(...(await violations(interviewer)), ...(await violations(candidate)));

  await interviewer.goto(`/interviews/${session.id}/summary`);
  found.push(...(await violations(interviewer)));
  expect(found).toEqual([]);
});
