/**
 * How the candidate's browser reconciles its copy of a draft with the server's. Revisions only move
 * forward: the server keeps a draft's newest revision and refuses older ones, so whichever copy has
 * the higher revision is the newer text.
 */
export type LocalDraft = { text: string; rev: number };

/** On (re)joining: the newer of this browser's copy and the server's, or null when neither exists. */
export function newerDraft(local: LocalDraft | null, server: LocalDraft | undefined): LocalDraft | null {
  if (local && (!server || local.rev > server.rev)) return local;
  return server ? { text: server.text, rev: server.rev } : null;
}

/**
 * The server answered `draft:stale`: it holds revision `heldRev`, written by another editor of the
 * same candidate. Returns this browser's text numbered just past it, to send again (the latest
 * typing wins), or null when there is nothing to resend: no local draft, or it has moved past already.
 */
export function rebaseStaleDraft(local: LocalDraft | undefined, heldRev: number): LocalDraft | null {
  if (!local || local.rev > heldRev) return null;
  return { text: local.text, rev: heldRev + 1 };
}
