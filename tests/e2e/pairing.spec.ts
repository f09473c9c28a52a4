import { expect, test } from "./fixtures";
import { signedIn } from "./demo-users";

test("[CANDIDATE+INTERVIEWER] both join the pairing queue and land in the same room", async ({ browser }) => {
  const candidate = await signedIn(browser, "candidate@demo.mockroom.dev");
  const interviewer = await signedIn(browser, "interviewer@demo.mockroom.dev");

  await candidate.getByRole("link", { name: "Pairing queue" }).click();
  await expect(candidate).toHaveURL(/\/queue$/);
  await expect(candidate.getByRole("heading", { level: 1, name: "Pairing queue" })).toBeVisible();
  // A candidate-only account is not offered the interviewer role.
  await expect(candidate.getByRole("radio", { name: /Interviewer/ })).toHaveCount(0);
  await candidate.getByRole("radio", { name: /Candidate/ }).check();
  await candidate.getByText("attention", { exact: true }).click();
  await candidate.getByLabel("Level").selectOption("medium");
  await candidate.getByLabel("Interview language").selectOption("en");
  await candidate.getByRole("button", { name: "Join the queue" }).click();

  // Waiting: place in line and the criteria in force.
  await expect(candidate.getByTestId("queue-position")).toContainText("You are number 1 in line");
  await expect(candidate.getByTestId("queue-criteria")).toContainText("attention");
  await expect(candidate.getByTestId("queue-criteria")).toContainText("Medium");
  await expect(candidate.getByTestId("queue-criteria")).toContainText("English");

  await interviewer.goto("/queue");
  await interviewer.getByRole("radio", { name: /Interviewer/ }).check();
  await interviewer.getByText("attention", { exact: true }).click();
  await interviewer.getByLabel("Level").selectOption("medium");
  await interviewer.getByLabel("Interview language").selectOption("en");
  await interviewer.getByRole("button", { name: "Join the queue" }).click();

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
