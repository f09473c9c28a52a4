import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { signedIn } from "./demo-users";

/** Fills the queue form on `page` (already on /queue) for a medium-level English interview on attention, and joins. */
async function joinQueue(page: Page, as: RegExp): Promise<void> {
  await page.getByRole("radio", { name: as }).check();
  await page.getByText("attention", { exact: true }).click();
  await page.getByLabel("Level").selectOption("medium");
  await page.getByLabel("Interview language").selectOption("en");
  await page.getByRole("button", { name: "Join the queue" }).click();
}

test("[CANDIDATE+INTERVIEWER] both join the pairing queue and land in the same room", async ({ browser }) => {
  const candidate = await signedIn(browser, "candidate@demo.mockroom.dev");
  const interviewer = await signedIn(browser, "interviewer@demo.mockroom.dev");

  await candidate.getByRole("link", { name: "Pairing queue" }).click();
  await expect(candidate).toHaveURL(/\/queue$/);
  await expect(candidate.getByRole("heading", { level: 1, name: "Pairing queue" })).toBeVisible();
  // A candidate-only account is not offered the interviewer role.
  await expect(candidate.getByRole("radio", { name: /Interviewer/ })).toHaveCount(0);
  await joinQueue(candidate, /Candidate/);

  // Waiting: place in line and the criteria in force.
  await expect(candidate.getByTestId("queue-position")).toContainText("You are number 1 in line");
  await expect(candidate.getByTestId("queue-criteria")).toContainText("attention");
  await expect(candidate.getByTestId("queue-criteria")).toContainText("Medium");
  await expect(candidate.getByTestId("queue-criteria")).toContainText("English");

  await interviewer.goto("/queue");
  await joinQueue(interviewer, /Interviewer/);

  await expect(candidate).toHaveURL(/\/room\/[A-Za-z0-9_-]+$/);
  await expect(interviewer).toHaveURL(/\/room\/[A-Za-z0-9_-]+$/);
  expect(new URL(candidate.url()).pathname).toBe(new URL(interviewer.url()).pathname);
});

test("[CANDIDATE] leaves the queue and gets the form back", async ({ browser }) => {
  const candidate = await signedIn(browser, "candidate@demo.mockroom.dev");
  await candidate.goto("/queue");
  await candidate.getByRole("button", { name: "Join the queue" }).click();
  await expect(candidate.getByTestId("queue-position")).toContainText("in line");
  await candidate.getByRole("button", { name: "Leave the queue" }).click();
  await expect(candidate.getByRole("button", { name: "Join the queue" })).toBeVisible();
});

test("[PEER+PEER] two peers paired by the queue meet in a lobby that explains the turns and offers no invite", async ({ browser }) => {
  const first = await signedIn(browser, "candidate@demo.mockroom.dev");
  const second = await signedIn(browser, "interviewer@demo.mockroom.dev");
  for (const page of [first, second]) {
    await page.goto("/queue");
    await joinQueue(page, /Peer/);
  }
  await expect(first).toHaveURL(/\/room\/[A-Za-z0-9_-]+$/);
  await expect(second).toHaveURL(/\/room\/[A-Za-z0-9_-]+$/);
  const asker = (await first.getByTestId("live-room").getAttribute("data-role")) === "INTERVIEWER" ? first : second;
  const answerer = asker === first ? second : first;
  await expect(answerer.getByTestId("live-room")).toHaveAttribute("data-role", "CANDIDATE");
  await expect(asker.getByTestId("lobby-hint")).toHaveText(/You ask first; halfway through, you swap roles\./);
  await expect(answerer.getByTestId("lobby-hint")).toHaveText(/Your partner asks first/);
  // Both seats are taken: no room code or invite links to hand out.
  await expect(asker.getByTestId("invite-link")).toHaveCount(0);
  await expect(asker.getByTestId("room-code")).toHaveCount(0);
  await expect(asker.getByRole("button", { name: "Start the session" })).toBeVisible();
});
