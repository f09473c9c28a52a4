import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { interviewInLobby, signedIn } from "./demo-users";

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
  // Five full axe analyses of live pages, each a few seconds on a busy machine.
  test.setTimeout(90_000);
  const { interviewer, candidate, session } = await interviewInLobby(browser, { title: "Accessibility check", slugs: ["attention-mechanism"] });

  const found: string[] = [];
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

/** How far `page` scrolls sideways, and the outermost elements that stick out past its right edge. */
async function sidewaysScroll(page: Page): Promise<string[]> {
  await page.waitForLoadState("networkidle");
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const over = document.documentElement.scrollWidth - width;
    if (over <= 0) return [];
    const sticksOut = (el: Element | null) => !!el && el !== document.body && el.getBoundingClientRect().right > width + 1;
    const sticking = [...document.querySelectorAll("body *")].filter((el) => sticksOut(el) && !sticksOut(el.parentElement));
    return [`${location.pathname}: ${over} px sideways; ${sticking.slice(0, 3).map((el) => `<${el.tagName.toLowerCase()} class="${el.getAttribute("class") ?? ""}">`).join(", ")}`];
  });
}

test("[EVERYONE] every page, the live room and the summary reflow to a 320 px wide screen without sideways scrolling (WCAG 1.4.10; wide tables, code and display math scroll in their own box)", async ({ browser }) => {
  test.setTimeout(180_000);
  const phone = { viewport: { width: 320, height: 640 }, isMobile: true, hasTouch: true };
  const found: string[] = [];
  const visitor = await (await browser.newContext(phone)).newPage();
  for (const path of ["/", "/signin", "/signup"]) {
    await visitor.goto(path);
    found.push(...(await sidewaysScroll(visitor)));
  }
  for (const [email, paths] of Object.entries(PAGES_BY_USER)) {
    const user = await signedIn(browser, email, phone);
    for (const path of paths) {
      await user.goto(path);
      found.push(...(await sidewaysScroll(user)));
    }
    if (email.startsWith("author@")) {
      // The question editor: key point, rubric and follow-up rows.
      await user.goto("/author");
      await user.locator('a[href^="/author/c"]').first().click();
      await expect(user.getByRole("heading", { name: "Key points" })).toBeVisible();
      found.push(...(await sidewaysScroll(user)));
    }
  }

  // The live room on two phones, lobby to summary, with an answer holding a long link, a code line and math.
  const { interviewer, candidate, session } = await interviewInLobby(browser, { title: "Reflow check", slugs: ["attention-mechanism"], interviewerContext: phone, candidateContext: phone });
  found.push(...(await sidewaysScroll(interviewer)), ...(await sidewaysScroll(candidate)));
  await interviewer.getByRole("button", { name: "Start the session" }).click();
  await interviewer.getByTestId("ask-0").click();
  const answer = [
    "See https://arxiv.org/abs/1706.03762/attention-is-all-you-need-scaled-dot-product-attention-section-3.2.1 for the derivation:",
    "$$",
    "\\mathrm{Attention}(Q,K,V)=\\mathrm{softmax}\\left(\\frac{QK^\\top}{\\sqrt{d_k}}+M_{\\text{causal}}\\right)V,\\quad d_k=d_{\\text{model}}/h",
    "$$",
    "```python",
    "weights = torch.softmax(query_states @ key_states.transpose(-2, -1) / math.sqrt(head_dim), dim=-1)",
    "```",
  ].join("\n");
  await candidate.getByTestId("answer-editor").fill(answer);
  await expect(interviewer.getByTestId("live-answer")).toContainText("weights = torch.softmax");
  found.push(...(await sidewaysScroll(interviewer)), ...(await sidewaysScroll(candidate)));
  await candidate.getByRole("button", { name: "Submit answer" }).click();
  await expect(candidate.getByTestId("submitted-answer").locator(".katex-display")).toBeVisible();
  await expect(interviewer.getByTestId("engine-score")).toBeVisible({ timeout: 30_000 });
  found.push(...(await sidewaysScroll(interviewer)), ...(await sidewaysScroll(candidate)));
  await interviewer.getByRole("button", { name: "End session" }).click();
  await interviewer.goto(`/interviews/${session.id}/summary`);
  await expect(interviewer.getByText("weights = torch.softmax").first()).toBeVisible();
  found.push(...(await sidewaysScroll(interviewer)));
  expect(found).toEqual([]);
});

/**
 * Short one-word labels (up to 6 characters, no spaces: "难度", "缺失", "v3") that the layout breaks
 * across lines, one or two characters a line: Chinese has no spaces, so a squeezed table column or a
 * badge in a flex row wraps between any two characters where English would not wrap at all.
 */
async function brokenLabels(page: Page): Promise<string[]> {
  await page.waitForLoadState("networkidle");
  const found: string[] = [];
  // On a desktop's width and on a phone's, then back.
  const size = page.viewportSize() ?? { width: 1280, height: 720 };
  for (const width of [size.width, PHONE_WIDTH]) {
    await page.setViewportSize({ width, height: size.height });
    found.push(...(await labelsBrokenNow(page)).map((f) => `${f} at ${width} px`));
  }
  await page.setViewportSize(size);
  return found;
}

const PHONE_WIDTH = 360;

async function labelsBrokenNow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.trim() ?? "";
      if (text.length < 2 || text.length > 6 || /\s/.test(text)) continue;
      if (node.parentElement?.closest("pre, code, textarea, script, style, .katex")) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
      if (tops.size > 1) out.push(`${location.pathname}: "${text}" in <${node.parentElement?.tagName.toLowerCase()} class="${node.parentElement?.getAttribute("class") ?? ""}"> is broken over ${tops.size} lines`);
    }
    return out;
  });
}

test("[EVERYONE] in Chinese, short labels (table columns, status badges, buttons) stay on one line on a desktop and a phone, on the role pages, in the live room with its AI panel and in the summary; the AI's reasons and cautions reach the interviewer only", async ({ browser }) => {
  test.setTimeout(150_000);
  const toChinese = async (page: Page) => {
    await page.context().addCookies([{ name: "mockroom-locale", value: "zh", url: new URL(page.url()).origin }]);
  };
  const found: string[] = [];
  for (const [email, paths] of Object.entries(PAGES_BY_USER)) {
    const user = await signedIn(browser, email);
    await toChinese(user);
    for (const path of paths) {
      await user.goto(path);
      await expect(user.locator("html")).toHaveAttribute("lang", /^zh/);
      found.push(...(await brokenLabels(user)));
    }
  }

  // The interviewer's AI panel lists every key point with a status badge beside its statement.
  const { interviewer, candidate, session } = await interviewInLobby(browser, { title: "中文标签", slugs: ["attention-mechanism"] });
  await Promise.all([toChinese(interviewer), toChinese(candidate)]);
  await Promise.all([interviewer.reload(), candidate.reload()]);
  await interviewer.getByRole("button", { name: "开始面试" }).click();
  await interviewer.getByTestId("ask-0").click();
  // A term half in English ("Multi-head 注意力") ticks its point as the candidate types, quoting the candidate's words.
  await candidate.getByTestId("answer-editor").fill("Multi-head 注意力让每个 head 在自己的子空间里关注不同的关系。");
  await expect(interviewer.locator('[data-testid="key-points"] li[data-status="covered"] [data-testid="kp-evidence"]').filter({ hasText: "Multi-head 注意力" })).toBeVisible();
  // Right, in plain words the key point checklist does not know: the engine cautions the interviewer to read it.
  const ownWords = [
    "Think of it as a lookup: every word sends out a question, and every other word carries a label and a payload.",
    "The closer a question is to a label, the more of that payload flows into the new version of the word, and the shares add up to one.",
    "The question, the label and the payload all come from the same hidden state through three learned linear maps.",
    "Closeness is a dot product, and the wider the vectors the more those products swing, so they are shrunk by the square root of the width first; otherwise nearly all the weight lands on one word and learning stalls.",
    "When generating, a word must not peek ahead, so the scores for later places are set to minus infinity before the shares are taken.",
  ].join(" ");
  await candidate.getByTestId("answer-editor").fill(ownWords);
  await candidate.getByRole("button", { name: "提交答案" }).click();
  await expect(interviewer.getByTestId("engine-score")).toBeVisible({ timeout: 30_000 });
  await expect(interviewer.getByTestId("proposals")).toBeVisible({ timeout: 30_000 });
  await expect(interviewer.getByTestId("engine-caution")).toContainText("in its own words");
  await expect(candidate.getByTestId("engine-caution")).toHaveCount(0);
  found.push(...(await brokenLabels(interviewer)), ...(await brokenLabels(candidate)));
  await interviewer.goto(`/interviews/${session.id}/summary`);
  // The summary gives the AI's reasons in Chinese too, not the server's English audit text.
  await expect(interviewer.getByTestId("proposal-why").first()).toHaveText(/^理由：回答.+「.+」/);
  await expect(interviewer.getByTestId("engine-caution")).toContainText("in its own words");
  found.push(...(await brokenLabels(interviewer)));
  expect(found).toEqual([]);
});
