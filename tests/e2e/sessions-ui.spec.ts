import { expect, test } from "./fixtures";
import { signedIn, submitSignIn as signIn } from "./demo-users";

test("[INTERVIEWER+CANDIDATE+REVIEWER] create a session from the form, hand out the links, join by invite and by code", async ({ browser, browserErrors }) => {
  // The browser logs the two refusals this test provokes: the empty form (400) and an unknown room code (404).
  browserErrors.expected.push(/status of 400 .*\/api\/v1\/sessions\)$/, /status of 404 .*\/api\/v1\/sessions\/join\)$/);
  const interviewer = await signedIn(browser, "interviewer@demo.mockroom.dev");
  await interviewer.goto("/interviews");
  await interviewer.getByRole("link", { name: "New session" }).click();
  await expect(interviewer).toHaveURL(/\/interviews\/new$/);

  // Submitting with no title and no question shows the API's field errors.
  await interviewer.getByRole("button", { name: "Create session" }).click();
  await expect(interviewer.getByRole("alert").first()).toBeVisible();
  await expect(interviewer.locator("#f-title-error")).toBeVisible();

  await interviewer.getByLabel("Title").fill("E2E backend loop");
  await interviewer.getByLabel("Search questions").fill("attention");
  const results = interviewer.getByTestId("bank-results");
  await results.getByRole("button", { name: /^Add / }).first().click();
  await interviewer.getByLabel("Search questions").fill("lora");
  await results.getByRole("button", { name: /^Add / }).first().click();
  const plan = interviewer.getByTestId("plan-items");
  await expect(plan.getByRole("listitem")).toHaveCount(2);
  // Reorder and change the minutes of the (new) first question.
  const secondTitle = (await plan.getByRole("listitem").nth(1).locator("span.font-medium").textContent()) ?? "";
  await plan.getByRole("button", { name: `Move ${secondTitle} up` }).click();
  await expect(plan.getByRole("listitem").first()).toContainText(secondTitle);
  await plan.getByRole("spinbutton").first().fill("7");

  await interviewer.getByLabel("Also save these questions as a template").check();
  await interviewer.getByLabel("Template name").fill("E2E loop template");
  await interviewer.getByRole("button", { name: "Create session" }).click();

  await expect(interviewer.getByTestId("session-created")).toBeVisible();
  await expect(interviewer.getByTestId("room-code")).toHaveText(/^[A-Z2-9]{6}$/);
  const roomCode = (await interviewer.getByTestId("room-code").textContent()) ?? "";
  const invite = await interviewer.getByTestId("invite-link").inputValue();
  expect(invite).toMatch(/\/join\/[A-Za-z0-9_-]{20,}$/);
  await expect(interviewer.getByTestId("observer-link")).toHaveValue(`${invite}?as=observer`);
  await expect(interviewer.getByText("Template “E2E loop template” saved.")).toBeVisible();
  const openRoom = interviewer.getByRole("link", { name: "Open room" });
  const roomPath = (await openRoom.getAttribute("href")) ?? "";
  expect(roomPath).toMatch(/^\/room\/[A-Za-z0-9_-]+$/);

  // The template lists the chosen questions with the changed minutes first.
  await interviewer.goto("/interviews/templates");
  await expect(interviewer.getByTestId("template-list")).toContainText("E2E loop template");
  await expect(interviewer.getByTestId("template-list")).toContainText(`${secondTitle} (7′)`);

  // A signed-out candidate follows the invite, signs in, and lands in the room.
  const candidate = await (await browser.newContext()).newPage();
  await candidate.goto(new URL(invite).pathname);
  await expect(candidate).toHaveURL(/\/signin\?callbackUrl=/);
  await signIn(candidate, "candidate@demo.mockroom.dev");
  await expect(candidate).toHaveURL(new RegExp(`${roomPath}$`));

  // A reviewer joins with the room code (lower case) as an observer.
  const reviewer = await signedIn(browser, "reviewer@demo.mockroom.dev");
  await reviewer.goto("/join");
  await reviewer.getByLabel("Room code").fill(roomCode.toLowerCase());
  await reviewer.getByLabel("Join as a silent observer").check();
  await reviewer.getByRole("button", { name: "Join", exact: true }).click();
  await expect(reviewer).toHaveURL(new RegExp(`${roomPath}$`));
  // Silent: the observer reads the chat but has no box to write in it.
  await expect(reviewer.getByTestId("live-room")).toHaveAttribute("data-role", "OBSERVER");
  await expect(reviewer.getByTestId("chat-silent")).toHaveText(/observing silently/);
  await expect(reviewer.getByPlaceholder("Message everyone in the room")).toHaveCount(0);

  // The seat is taken now: another code entry as candidate is refused clearly.
  await reviewer.goto("/join");
  await reviewer.getByLabel("Room code").fill("ZZZZZZ");
  await reviewer.getByRole("button", { name: "Join", exact: true }).click();
  await expect(reviewer.getByTestId("join-error")).toHaveText("This invite link or room code does not match any session.");
});
