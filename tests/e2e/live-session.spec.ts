import { expect, test } from "./fixtures";
import { createSession, signedIn, startedInterview } from "./demo-users";

test("[INTERVIEWER+CANDIDATE] a live interview in two browsers: invite, push, live typing, private AI assist, reload-safe draft, summary", async ({ browser }) => {
  test.setTimeout(120_000);
  const interviewer = await signedIn(browser, "interviewer@demo.mockroom.dev");
  const candidate = await signedIn(browser, "candidate@demo.mockroom.dev");

  // The interviewer creates a session of two English bank questions (the form is covered by its own spec).
  const session = await createSession(interviewer, { title: "E2E live interview", slugs: ["attention-mechanism", "lora-qlora"] });

  // The typing stream travels on each page's draft lane, a plain WebSocket beside Socket.IO.
  const laneSent: string[] = [];
  const laneReceived: string[] = [];
  candidate.on("websocket", (ws) => {
    if (ws.url().includes("/realtime/lane")) ws.on("framesent", (f) => laneSent.push(String(f.payload)));
  });
  interviewer.on("websocket", (ws) => {
    if (ws.url().includes("/realtime/lane")) ws.on("framereceived", (f) => laneReceived.push(String(f.payload)));
  });

  await interviewer.goto(`/room/${session.id}`);
  await expect(interviewer.getByTestId("live-room")).toHaveAttribute("data-status", "LOBBY");
  await expect(interviewer.getByTestId("room-code").first()).toHaveText(/^[A-Z2-9]{6}$/);

  // The interviewer copies the invite link from the lobby; the candidate follows it into the room.
  await interviewer.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  const copyInvite = interviewer.getByRole("button", { name: "Copy Candidate invite" });
  await copyInvite.click();
  await expect(copyInvite).toHaveText("Copied");
  await expect(interviewer.getByTestId("live-room").getByRole("status").filter({ hasText: "Copied" })).toHaveCount(1);
  const copied = await interviewer.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(new URL(`/join/${session.inviteToken}`, interviewer.url()).href);
  await candidate.goto(copied);
  await expect(candidate).toHaveURL(new RegExp(`/room/${session.id}$`));
  await expect(candidate.getByTestId("live-room")).toHaveAttribute("data-role", "CANDIDATE");
  await expect(interviewer.getByTestId("presence-CANDIDATE")).toHaveAttribute("data-presence", "online");

  await interviewer.getByRole("button", { name: "Start the session" }).click();
  await interviewer.getByTestId("ask-0").click();
  await expect(candidate.getByTestId("question-prompt")).toContainText(/attention/i);

  // The candidate types; the interviewer watches it arrive and the key point checklist tick.
  const answer = "Self-attention computes softmax(QK^T / sqrt(d_k)) V: every token attends to every other token with weights from query-key similarity. 多头注意力 lets heads learn different relations.";
  await candidate.getByTestId("answer-editor").pressSequentially(answer.slice(0, 60), { delay: 10 });
  await expect(interviewer.getByTestId("live-answer")).toContainText(answer.slice(0, 60));
  await candidate.getByTestId("answer-editor").fill(answer);
  await expect(interviewer.getByTestId("live-answer")).toContainText("多头注意力");
  await expect.poll(() => laneSent.some((f) => f.startsWith('["draft:update"') && f.includes("多头注意力"))).toBe(true);
  await expect.poll(() => laneReceived.some((f) => f.startsWith('["staff:draft"') && f.includes("多头注意力"))).toBe(true);
  await expect(interviewer.locator('[data-testid="key-points"] li[data-status="covered"]').first()).toBeVisible();
  // Each ticked point quotes the words that ticked it; a missing one quotes nothing.
  await expect(interviewer.locator('[data-testid="key-points"] li[data-status="covered"] [data-testid="kp-evidence"]').first()).toHaveText(/^From the answer: “[^”]+”/);
  await expect(interviewer.locator('[data-testid="key-points"] li[data-status="missing"] [data-testid="kp-evidence"]')).toHaveCount(0);

  await candidate.getByRole("button", { name: "Submit answer" }).click();
  await expect(candidate.getByTestId("submitted-answer")).toBeVisible();
  await expect(candidate.getByTestId("scoring-state")).toHaveText("Assessment complete.", { timeout: 30_000 });
  await expect(interviewer.getByTestId("engine-score")).toContainText("/ 5", { timeout: 30_000 });
  // After scoring the checklist quotes the engine's evidence, still only words the candidate wrote.
  const quoted = await interviewer.locator('[data-testid="key-points"] li[data-status="covered"] [data-testid="kp-evidence"]').allTextContents();
  expect(quoted.length).toBeGreaterThan(0);
  for (const quote of quoted) {
    for (const [, words] of quote.matchAll(/“([^”]+)”/g)) expect(answer).toContain(words);
  }
  await expect(candidate.getByTestId("kp-evidence")).toHaveCount(0);
  // Missing points are the checklist's job; the score block does not list them again.
  await expect(interviewer.getByTestId("engine-score")).not.toContainText("Missing:");
  await expect(interviewer.getByTestId("proposals")).toBeVisible({ timeout: 30_000 });
  // Why it is proposed, and by whom, in the interviewer's language (the server's audit text is the tooltip).
  await expect(interviewer.getByTestId("proposal-why").first()).toHaveText(/^from (the question's author|a template|the local model|the hosted model) · The answer (does not cover|only touches on|contradicts) “.+”\.$/);
  // None of the AI assist, reference answer or notes exist on the candidate's page.
  await expect(candidate.getByTestId("ai-panel")).toHaveCount(0);
  await expect(candidate.getByTestId("engine-score")).toHaveCount(0);
  await expect(candidate.getByText("Reference answer")).toHaveCount(0);

  await interviewer.getByPlaceholder("Write a note").fill("Clear on the sqrt(d_k) scaling.");
  await interviewer.getByRole("button", { name: "Add", exact: true }).click();
  await expect(interviewer.getByTestId("notes")).toContainText("sqrt(d_k) scaling");

  // Next question; the candidate starts typing, reloads, and finds the draft intact.
  await interviewer.getByTestId("ask-1").click();
  await expect(candidate.getByTestId("question-prompt")).toContainText(/LoRA/);
  const draft = "LoRA freezes the pretrained weights and trains a low-rank update B·A; 只训练很少的参数。";
  await candidate.getByTestId("answer-editor").fill(draft);
  await expect(interviewer.getByTestId("live-answer")).toContainText("只训练很少的参数");
  await candidate.reload();
  await expect(candidate.getByTestId("answer-editor")).toHaveValue(draft);

  // End: the candidate sees the end, the interviewer opens the summary.
  await interviewer.getByRole("button", { name: "End session" }).click();
  await expect(candidate.getByTestId("session-ended")).toBeVisible();
  await interviewer.getByRole("link", { name: "Open the summary" }).click();
  await expect(interviewer).toHaveURL(new RegExp(`/interviews/${session.id}/summary$`));
  await expect(interviewer.getByText("Clear on the sqrt(d_k) scaling.")).toBeVisible();
  // The engine's assessment quotes, for each point it credited, the candidate's own words.
  const summaryQuotes = await interviewer.getByTestId("summary-question").first().getByTestId("kp-evidence").allTextContents();
  expect(summaryQuotes.length).toBeGreaterThan(0);
  for (const quote of summaryQuotes) for (const [, words] of quote.matchAll(/“([^”]+)”/g)) expect(answer).toContain(words);
  // The second answer was never submitted: the summary shows what the candidate had typed, marked as such.
  await expect(interviewer.getByTestId("summary-draft")).toContainText("只训练很少的参数");
  await expect(interviewer.getByTestId("summary-draft")).toContainText("Not submitted");
  // The AI's proposals say why as the live room did, not in the server's audit text.
  await expect(interviewer.getByTestId("summary-question").first().getByTestId("proposal-why").first()).toHaveText(/^Why: The answer (does not cover|only touches on|contradicts) “.+”\.$/);
});

test("[INTERVIEWER+CANDIDATE] an answer with a long code line: the phone's page never scrolls sideways, the interviewer reads it rendered or as plain text", async ({ browser }) => {
  test.setTimeout(90_000);
  const { interviewer, candidate } = await startedInterview(browser, { title: "E2E code answer on a phone", slugs: ["attention-mechanism", "lora-qlora"], candidateContext: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } });

  const longLine = "    return softmax(query_states @ key_states.transpose(-2, -1) / math.sqrt(head_dim) + causal_mask) @ value_states";
  const answer = ["Attention weights come from softmax(QK^T / sqrt(d_k)):", "", "```python", "def attention(query_states, key_states, value_states, head_dim, causal_mask):", longLine, "```"].join("\n");
  await candidate.getByTestId("answer-editor").fill(answer);
  // While it is typed the interviewer sees the text exactly as typed.
  await expect(interviewer.getByTestId("live-answer")).toHaveAttribute("data-format", "plain");
  await expect(interviewer.getByTestId("live-answer")).toContainText("```python");
  await candidate.getByRole("button", { name: "Submit answer" }).click();
  await expect(candidate.getByTestId("submitted-answer").locator("pre code")).toContainText("causal_mask");

  const pageOverflow = (page: typeof candidate) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(await pageOverflow(candidate)).toBe(0);
  // The long line scrolls inside its own code block instead (highlight.js makes the <code> the scroller).
  const block = candidate.getByTestId("submitted-answer").locator("pre code");
  expect(await block.evaluate((el) => el.scrollWidth > el.clientWidth && getComputedStyle(el).overflowX === "auto")).toBe(true);

  // The submitted answer reads as the candidate wrote it; the plain text is one click away.
  await expect(interviewer.getByTestId("live-answer")).toHaveAttribute("data-format", "markdown");
  await expect(interviewer.getByTestId("live-answer").locator("pre code")).toContainText("causal_mask");
  const plain = interviewer.getByRole("button", { name: "Plain text" });
  await plain.click();
  await expect(plain).toHaveAttribute("aria-pressed", "true");
  await expect(interviewer.getByTestId("live-answer")).toHaveAttribute("data-format", "plain");
  await expect(interviewer.getByTestId("live-answer")).toContainText("```python");

  // On to the next question: the earlier answer keeps its code block in the candidate's history, still without sideways scrolling.
  await interviewer.getByTestId("ask-1").click();
  await expect(candidate.getByTestId("question-prompt")).toContainText(/LoRA/);
  await candidate.getByText("Previous questions (1)").click();
  await expect(candidate.getByTestId("past-answer").locator("pre code")).toContainText("causal_mask");
  expect(await pageOverflow(candidate)).toBe(0);
});

test("[CANDIDATE] the room opened in a second tab takes the answer editor over; the first tab can take it back; no typing is lost either way", async ({ browser }) => {
  test.setTimeout(90_000);
  const { interviewer, candidate: first, session } = await startedInterview(browser, { title: "E2E two tabs", slugs: ["lora-qlora"] });
  await first.getByTestId("answer-editor").fill("LoRA freezes W and trains B·A.");
  await expect(interviewer.getByTestId("live-answer")).toContainText("trains B·A.");

  // The same candidate opens the room in another tab: that tab has the editor, with the text so far.
  const second = await first.context().newPage();
  await second.goto(`/room/${session.id}`);
  await expect(first.getByTestId("superseded")).toBeVisible();
  await expect(first.getByTestId("answer-editor")).toHaveAttribute("readonly", "");
  await expect(first.getByRole("button", { name: "Submit answer" })).toBeDisabled();
  await expect(second.getByTestId("superseded")).toHaveCount(0);
  await expect(second.getByTestId("answer-editor")).toHaveValue("LoRA freezes W and trains B·A.");
  await second.getByTestId("answer-editor").fill("LoRA freezes W and trains B·A. QLoRA adds a 4-bit NF4 base.");
  await expect(interviewer.getByTestId("live-answer")).toContainText("4-bit NF4");

  // Back to the first tab: "Use it here" takes the editor back with the second tab's text.
  await first.getByRole("button", { name: "Use it here" }).click();
  await expect(second.getByTestId("superseded")).toBeVisible();
  await expect(first.getByTestId("superseded")).toHaveCount(0);
  await expect(first.getByTestId("answer-editor")).toHaveValue("LoRA freezes W and trains B·A. QLoRA adds a 4-bit NF4 base.");
  await first.getByTestId("answer-editor").fill("LoRA freezes W and trains B·A. QLoRA adds a 4-bit NF4 base and paged optimizers.");
  await expect(interviewer.getByTestId("live-answer")).toContainText("paged optimizers");
  await first.reload();
  await expect(first.getByTestId("answer-editor")).toHaveValue("LoRA freezes W and trains B·A. QLoRA adds a 4-bit NF4 base and paged optimizers.");
});

test("[CANDIDATE] typing when the interviewer ends the session: the ended room shows no refusal of the last keystrokes", async ({ browser }) => {
  test.setTimeout(90_000);
  const { interviewer, candidate } = await startedInterview(browser, { title: "E2E end while typing", slugs: ["attention-mechanism"] });
  // The candidate is still typing (a keystroke every 15 ms) when the interviewer ends the session.
  const typing = candidate
    .getByTestId("answer-editor")
    .pressSequentially("the weights are a softmax over scaled dot products of queries and keys ".repeat(3), { delay: 15, timeout: 20_000 })
    .catch(() => undefined); // the editor goes away with the end
  await expect(interviewer.getByTestId("live-answer")).toContainText("the weights are");
  await interviewer.getByRole("button", { name: "End session" }).click();
  await expect(candidate.getByTestId("session-ended")).toBeVisible();
  await typing;
  // Whatever was in flight when the session ended is refused by the server; that is no news to the candidate.
  await candidate.waitForTimeout(1_000);
  await expect(candidate.getByText("No such open question in this session.")).toHaveCount(0);
  await expect(candidate.getByTestId("live-room").getByRole("alert")).toHaveCount(0);
});

test("[INTERVIEWER+CANDIDATE] a long chat follows the newest message, unless the reader has scrolled up to read", async ({ browser }) => {
  test.setTimeout(90_000);
  const { interviewer, candidate } = await startedInterview(browser, { title: "E2E long chat", slugs: ["attention-mechanism"], ask: false });
  const box = candidate.getByPlaceholder("Message everyone in the room");
  for (let i = 1; i <= 25; i++) {
    await box.fill(`chat line ${i}: a thought about attention`);
    await box.press("Enter");
    await expect(candidate.getByTestId("chat-log")).toContainText(`chat line ${i}:`);
  }
  const log = interviewer.getByTestId("chat-log");
  await expect(log).toContainText("chat line 25:");
  expect(await log.evaluate((el) => el.scrollHeight > el.clientHeight)).toBe(true);
  await expect(log.getByText("chat line 25:")).toBeInViewport();
  await expect(log.getByText("chat line 1:", { exact: false }).first()).not.toBeInViewport();

  // Scrolled back to the start to reread: a new message does not pull the interviewer down.
  await log.evaluate((el) => (el.scrollTop = 0));
  await box.fill("chat line 26: one more");
  await box.press("Enter");
  await expect(log).toContainText("chat line 26:");
  await expect(log.getByText("chat line 1:", { exact: false }).first()).toBeInViewport();
  await expect(log.getByText("chat line 26:")).not.toBeInViewport();
});

test("[INTERVIEWER] 'typing…' shows under the question the candidate is typing into, not under a follow-up just asked", async ({ browser }) => {
  test.setTimeout(90_000);
  const { interviewer, candidate } = await startedInterview(browser, { title: "E2E typing line", slugs: ["attention-mechanism"] });
  await candidate.getByTestId("answer-editor").fill("Attention is softmax(QK^T / sqrt(d_k)) V.");
  await expect(interviewer.getByTestId("typing")).toBeVisible();
  await candidate.getByRole("button", { name: "Submit answer" }).click();
  // At once, while the last keystroke is still recent, the interviewer asks their own follow-up.
  await interviewer.getByPlaceholder("Ask your own follow-up").fill("Why sqrt(d_k) and not d_k?");
  await interviewer.getByRole("button", { name: "Ask this" }).last().click();
  await expect(candidate.getByTestId("question-prompt")).toContainText("Why sqrt(d_k) and not d_k?");
  await expect(interviewer.getByTestId("live-answer")).toContainText("Nothing typed yet.");
  // Read once, not retried: the old line went away by itself 3 s after the last keystroke.
  expect(await interviewer.getByTestId("typing").count()).toBe(0);
  await candidate.getByTestId("answer-editor").fill("Dividing by d_k would shrink the logits too much.");
  await expect(interviewer.getByTestId("typing")).toBeVisible();
});

test("[CANDIDATE] an answer submitted offline waits on the device, cannot be sent twice, and arrives once the connection is back", async ({ browser, browserErrors }) => {
  test.setTimeout(90_000);
  browserErrors.expected.push(/ERR_INTERNET_DISCONNECTED/);
  const { interviewer, candidate } = await startedInterview(browser, { title: "E2E offline submit", slugs: ["attention-mechanism"] });
  await candidate.context().setOffline(true);
  await expect(candidate.getByTestId("connection")).toHaveText(/reconnecting/);
  await candidate.getByTestId("answer-editor").fill("Attention weights are softmax(QK^T / sqrt(d_k)); written on a train.");
  await candidate.getByRole("button", { name: "Submit answer" }).click();
  await expect(candidate.getByTestId("answer-queued")).toHaveText(/saved on this device/);
  await expect(candidate.getByRole("button", { name: "Waiting to send…" })).toBeDisabled();
  await expect(candidate.getByTestId("answer-editor")).toHaveAttribute("readonly", "");

  await candidate.context().setOffline(false);
  await expect(candidate.getByTestId("submitted-answer")).toContainText("written on a train");
  await expect(interviewer.getByTestId("live-answer")).toContainText("written on a train");
  await expect(candidate.getByTestId("answer-queued")).toHaveCount(0);
  // Sent once: no "already answered" refusal of a second copy.
  await candidate.waitForTimeout(1_000);
  await expect(candidate.getByTestId("live-room").getByRole("alert")).toHaveCount(0);
});

test("[CANDIDATE] a chat message sent offline comes back to the box with the reason, and sent again after reconnecting arrives once", async ({ browser, browserErrors }) => {
  test.setTimeout(90_000);
  // Chromium logs each reconnection attempt that the offline network refuses.
  browserErrors.expected.push(/ERR_INTERNET_DISCONNECTED/);
  const { interviewer, candidate } = await startedInterview(browser, { title: "E2E offline chat", slugs: ["attention-mechanism"], ask: false });
  await candidate.context().setOffline(true);
  await expect(candidate.getByTestId("connection")).toHaveText(/reconnecting/);
  const box = candidate.getByPlaceholder("Message everyone in the room");
  await box.fill("sorry, my train went into a tunnel");
  await box.press("Enter");
  // No answer in time: the text is back in the box, not lost. (socket.io drops a timed-out message from its
  // buffer; when one did reach the server and only its acknowledgement was lost, the resend reuses its
  // client id and the server returns the stored message: the integration test of chat resends.)
  await expect(candidate.getByText("The server did not answer in time.")).toBeVisible({ timeout: 20_000 });
  await expect(box).toHaveValue("sorry, my train went into a tunnel");
  await candidate.context().setOffline(false);
  await expect(candidate.getByTestId("connection")).toHaveText("connected");
  await box.press("Enter");
  await expect(box).toHaveValue("");
  await expect(candidate.getByTestId("chat-log").getByText("sorry, my train went into a tunnel")).toHaveCount(1);
  await interviewer.reload();
  await expect(interviewer.getByTestId("chat-log").getByText("sorry, my train went into a tunnel")).toHaveCount(1);
});

test("[CANDIDATE] with the draft lane refused, typing still reaches the interviewer, over Socket.IO", async ({ browser }) => {
  test.setTimeout(90_000);
  const { interviewer, candidate } = await startedInterview(browser, { title: "E2E lane refused", slugs: ["attention-mechanism"] });
  // A proxy that drops the lane's WebSocket, say: every attempt is closed at once.
  let refused = 0;
  await candidate.context().routeWebSocket(/\/realtime\/lane/, (ws) => {
    refused++;
    void ws.close({ code: 1011, reason: "refused by the test" });
  });
  const sentOnSocketIo: string[] = [];
  candidate.on("websocket", (ws) => {
    if (ws.url().includes("/socket.io")) ws.on("framesent", (f) => sentOnSocketIo.push(String(f.payload)));
  });
  await candidate.reload();
  await expect(candidate.getByTestId("question-prompt")).toBeVisible();
  await expect.poll(() => refused).toBeGreaterThan(0);

  await candidate.getByTestId("answer-editor").fill("Scaling by sqrt(d_k) keeps the softmax out of saturation.");
  await expect(interviewer.getByTestId("live-answer")).toContainText("out of saturation");
  expect(sentOnSocketIo.some((f) => f.includes('"draft:update"') && f.includes("out of saturation"))).toBe(true);
  await expect(candidate.getByTestId("live-room").getByRole("alert")).toHaveCount(0);
});

test("[CANDIDATE] a draft lane that drops while the socket stays up is opened again, and the typing moves onto it", async ({ browser }) => {
  test.setTimeout(90_000);
  const { interviewer, candidate } = await startedInterview(browser, { title: "E2E lane reopened", slugs: ["attention-mechanism"] });
  // The first lane is closed at once (a proxy hiccup, say); later ones pass through, recording what the page sends.
  let attempts = 0;
  const laneSent: string[] = [];
  await candidate.context().routeWebSocket(/\/realtime\/lane/, (ws) => {
    if (++attempts === 1) return void ws.close({ code: 1011, reason: "dropped by the test" });
    const server = ws.connectToServer();
    ws.onMessage((m) => {
      laneSent.push(String(m));
      server.send(m);
    });
  });
  await candidate.reload();
  await expect(candidate.getByTestId("question-prompt")).toBeVisible();
  await expect.poll(() => attempts, { timeout: 15_000 }).toBeGreaterThan(1);

  // Typing goes over Socket.IO until the reopened lane is up, then on the lane.
  const editor = candidate.getByTestId("answer-editor");
  let text = "Scaling by sqrt(d_k) keeps the softmax out of saturation";
  await expect
    .poll(
      async () => {
        text += ".";
        await editor.fill(text);
        return laneSent.some((f) => f.startsWith('["draft:update"') && f.includes("out of saturation"));
      },
      { timeout: 20_000 },
    )
    .toBe(true);
  await expect(interviewer.getByTestId("live-answer")).toContainText(text);
  await expect(candidate.getByTestId("live-room").getByRole("alert")).toHaveCount(0);
});
