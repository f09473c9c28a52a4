import { expect, type Browser, type Page } from "@playwright/test";

/** The password of every demo account the server seeds into its fresh database. */
export const DEMO_PASSWORD = "mockroom-demo";

/** Fills and submits the sign-in form already on `page`. */
export async function submitSignIn(page: Page, email: string): Promise<void> {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** A page in a browser context of its own (its own cookies), signed in as the demo user `email`. */
export async function signedIn(browser: Browser, email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto("/signin");
  await submitSignIn(page, email);
  await expect(page).not.toHaveURL(/\/signin/);
  return page;
}
