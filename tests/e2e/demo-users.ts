import { expect, type Browser, type BrowserContextOptions, type Page } from "@playwright/test";

/** The password of every demo account the server seeds into its fresh database. */
export const DEMO_PASSWORD = "mockroom-demo";

/** Fills and submits the sign-in form already on `page`. */
export async function submitSignIn(page: Page, email: string): Promise<void> {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** A page in a browser context of its own (its own cookies; a phone's viewport, say), signed in as the demo user `email`. */
export async function signedIn(browser: Browser, email: string, contextOptions: BrowserContextOptions = {}): Promise<Page> {
  const page = await (await browser.newContext(contextOptions)).newPage();
  await page.goto("/signin");
  await submitSignIn(page, email);
  await expect(page).not.toHaveURL(/\/signin/);
  return page;
}

/**
 * Creates a live session of English bank questions (by slug) through the API, as the signed-in
 * interviewer `page`; the session form has its own spec.
 */
export async function createSession(page: Page, { title, slugs }: { title: string; slugs: string[] }): Promise<{ id: string; inviteToken: string }> {
  const me = (await (await page.request.get("/api/v1/me")).json()) as { orgs: { orgId: string; roles: string[] }[] };
  const orgId = me.orgs.find((o) => o.roles.includes("INTERVIEWER"))!.orgId;
  const bank = (await (await page.request.get(`/api/v1/orgs/${orgId}/questions`)).json()) as { questions: { id: string; slug: string; lang: string }[] };
  const pick = slugs.map((slug) => bank.questions.find((q) => q.slug === slug && q.lang === "en")!);
  const res = await page.request.post("/api/v1/sessions", { data: { orgId, title, lang: "en", questions: pick.map((q) => ({ questionId: q.id })) } });
  expect(res.status()).toBe(201);
  return (await res.json()) as { id: string; inviteToken: string };
}

/**
 * The usual start of a live-room spec: the demo interviewer creates a session of these bank questions
 * and the demo candidate joins it by the invite; both wait in the lobby. Each gets a browser context
 * of its own, made with `interviewerContext` / `candidateContext` (a phone's, say).
 */
export async function interviewInLobby(
  browser: Browser,
  { title, slugs, interviewerContext = {}, candidateContext = {} }: { title: string; slugs: string[]; interviewerContext?: BrowserContextOptions; candidateContext?: BrowserContextOptions },
): Promise<{ interviewer: Page; candidate: Page; session: { id: string; inviteToken: string } }> {
  const interviewer = await signedIn(browser, "interviewer@demo.mockroom.dev", interviewerContext);
  const candidate = await signedIn(browser, "candidate@demo.mockroom.dev", candidateContext);
  const session = await createSession(interviewer, { title, slugs });
  await interviewer.goto(`/room/${session.id}`);
  await candidate.goto(`/join/${session.inviteToken}`);
  await expect(candidate.getByTestId("live-room")).toHaveAttribute("data-role", "CANDIDATE");
  return { interviewer, candidate, session };
}

/** `interviewInLobby`, then the interviewer starts the session and, unless `ask` is false, asks the first question. */
export async function startedInterview(
  browser: Browser,
  { ask = true, ...lobby }: Parameters<typeof interviewInLobby>[1] & { ask?: boolean },
): Promise<{ interviewer: Page; candidate: Page; session: { id: string; inviteToken: string } }> {
  const room = await interviewInLobby(browser, lobby);
  await room.interviewer.getByRole("button", { name: "Start the session" }).click();
  if (ask) {
    await room.interviewer.getByTestId("ask-0").click();
    await expect(room.candidate.getByTestId("question-prompt")).toBeVisible();
  }
  return room;
}
