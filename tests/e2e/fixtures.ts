import { test as base, expect, type BrowserContext } from "@playwright/test";

/**
 * The specs' `test`, with one addition: every page of every browser context a test opens (its own
 * `context`, and the ones it makes with `browser.newContext()`) is watched for uncaught exceptions and
 * console errors, and the test fails if any appeared. A test that provokes an error on purpose (a
 * refused request the browser logs, say) lists what it expects with `expectBrowserErrors`.
 */
type BrowserErrors = { expected: RegExp[] };

export const test = base.extend<{ browserErrors: BrowserErrors }>({
  browserErrors: [
    async ({ browser, context }, use, testInfo) => {
      const seen: string[] = [];
      const watch = (ctx: BrowserContext) => {
        ctx.on("weberror", (e) => seen.push(`uncaught: ${e.error().message}`));
        ctx.on("console", (m) => {
          if (m.type() === "error") seen.push(`console.error: ${m.text()} (${m.location().url})`);
        });
      };
      watch(context);
      const newContext = browser.newContext.bind(browser);
      browser.newContext = async (...args) => {
        const ctx = await newContext(...args);
        watch(ctx);
        return ctx;
      };
      const state: BrowserErrors = { expected: [] };
      try {
        await use(state);
      } finally {
        browser.newContext = newContext;
      }
      const unexpected = seen.filter((s) => !state.expected.some((re) => re.test(s)));
      if (testInfo.status === testInfo.expectedStatus) expect(unexpected, "errors in the browser during the test").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
