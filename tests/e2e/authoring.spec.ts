import { expect, test } from "./fixtures";
import type { Page } from "@playwright/test";

async function signInAsAuthor(page: Page) {
  await page.goto("/signin");
  await page.getByLabel("Email").fill("author@demo.mockroom.dev");
  await page.getByLabel("Password").fill("mockroom-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/author$/);
}

test("[AUTHOR] creates a question with a rubric, previews it, publishes, edits and reads the diff", async ({ page }) => {
  const slug = `kv-cache-e2e-${Date.now().toString(36)}`;
  await signInAsAuthor(page);
  await page.getByRole("link", { name: "New question" }).click();
  await page.getByLabel("Id (kebab-case, shared by both languages)").fill(slug);
  await page.getByLabel("Title").fill("How big is the KV cache?");
  await page.getByRole("button", { name: "Create draft" }).click();
  await expect(page).toHaveURL(/\/author\/[a-z0-9]+$/);
  await expect(page.getByTestId("question-status")).toHaveText("draft");
  // A blank draft lists what is missing next to the fields and cannot be published.
  await expect(page.getByRole("button", { name: "Publish" })).toBeDisabled();
  await expect(page.locator('[data-field-error="prompt"]')).toBeVisible();

  await page.getByLabel("Tags (comma separated)").fill("kv-cache, inference");
  await page.getByLabel("Prompt (Markdown)").fill("Estimate the KV cache of a **7B** model at 4k tokens.");
  await page.getByLabel("Reference answer (Markdown, $math$, ```code```)").fill("Per token: $2 \\cdot L \\cdot d \\cdot b$ bytes.\n\n```python\nkv = 2 * layers * hidden * bytes_per\n```");
  const preview = page.getByTestId("preview");
  await expect(preview.locator("strong", { hasText: "7B" })).toBeVisible();
  await expect(preview.locator(".katex").first()).toBeVisible();
  await expect(preview.locator("pre code")).toContainText("kv = 2 * layers");

  for (let i = 0; i < 3; i++) {
    await page.getByRole("button", { name: "Add key point" }).click();
    const kp = page.getByTestId(`key-point-${i}`);
    await kp.getByLabel("Statement").fill(["Keys and values are cached per layer", "Memory grows linearly with sequence length", "GQA shrinks the cache"][i]!);
    await kp.getByLabel(/Aliases and synonyms/).fill(["键值缓存, cache keys and values", "linear in sequence length, 随序列长度线性增长", "grouped-query attention, GQA, 分组查询注意力"][i]!);
  }
  // Anchored rubric levels for the three default criteria.
  for (let c = 0; c < 3; c++) {
    const crit = page.getByTestId(`criterion-${c}`);
    for (let l = 0; l < 4; l++) {
      await crit.getByLabel("Label").nth(l).fill(["Missing", "Partial", "Solid", "Excellent"][l]!);
      await crit.getByLabel("What an answer at this level contains").nth(l).fill(`Level ${l} for criterion ${c}: specific to KV cache sizing.`);
    }
  }
  await expect(page.getByTestId("problem-count")).toHaveText("ready to publish");

  // "Try an answer" ticks key points as a mixed Chinese-English answer is typed.
  await page.getByLabel("Sample answer").fill("每层都要 cache keys and values，显存 linear in sequence length。");
  await expect(page.getByTestId("try-kp-kp-1")).toHaveAttribute("data-status", /covered|partly/);
  await expect(page.getByTestId("try-kp-kp-3")).toHaveAttribute("data-status", "missing");

  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByText("Published version 1.")).toBeVisible();
  await expect(page.getByTestId("question-status")).toHaveText("published");

  await page.getByLabel("Prompt (Markdown)").fill("Estimate the KV cache of a **70B** model with GQA at 32k tokens.");
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByText("Published version 2.")).toBeVisible();
  await page.reload();
  await page.getByRole("button", { name: "Show diff" }).click();
  const diff = page.getByTestId("version-diff");
  await expect(diff.locator('[data-kind="removed"]', { hasText: "7B" })).toBeVisible();
  await expect(diff.locator('[data-kind="added"]', { hasText: "70B" })).toBeVisible();

  // The list shows it, and filters find it.
  await page.goto(`/author?q=${slug}`);
  await expect(page.getByRole("link", { name: "How big is the KV cache?" })).toBeVisible();
  await expect(page.locator("tbody tr")).toHaveCount(1);
  await expect(page.locator("tbody tr").first()).toContainText("v2");
});

test("[AUTHOR] switches the interface to Chinese and the choice persists", async ({ page }) => {
  await signInAsAuthor(page);
  await page.getByLabel("Language").first().selectOption("zh");
  await expect(page.getByRole("heading", { level: 1, name: "题库" })).toBeVisible();
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "题库" })).toBeVisible();
  await page.getByLabel("语言").first().selectOption("en");
  await expect(page.getByRole("heading", { level: 1, name: "Questions" })).toBeVisible();
});
