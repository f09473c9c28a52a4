/**
 * Every kind of event a session's timeline holds (SessionEvent.type). Writers take this type, so a
 * new kind is added here first, and the summary's timeline then needs a label for it in both
 * languages before it type-checks.
 */
export const SESSION_EVENT_TYPES = [
  "session.created",
  "session.started",
  "session.ended",
  "session.roles-swapped",
  "participant.added",
  "participant.joined",
  "participant.reconnected",
  "participant.left",
  "question.pushed",
  "hint.revealed",
  "draft.checkpoint",
  "answer.submitted",
  "answer.scored",
  "answer.llm-graded",
  "answer.llm-grade-failed",
  "follow-up.proposed",
  "follow-up.skipped",
  "score.human",
  "note.added",
  "chat.sent",
  "feedback.saved",
  "feedback.shared",
] as const;
export type SessionEventType = (typeof SESSION_EVENT_TYPES)[number];

/** Each type's label under `summary.eventTypes` in lib/i18n/messages (the summary's timeline shows a stored type this build does not know as written). */
export const EVENT_LABEL_KEYS: Record<SessionEventType, string> = {
  "session.created": "sessionCreated",
  "session.started": "sessionStarted",
  "session.ended": "sessionEnded",
  "session.roles-swapped": "sessionRolesSwapped",
  "participant.added": "participantAdded",
  "participant.joined": "participantJoined",
  "participant.reconnected": "participantReconnected",
  "participant.left": "participantLeft",
  "question.pushed": "questionPushed",
  "hint.revealed": "hintRevealed",
  "draft.checkpoint": "draftCheckpoint",
  "answer.submitted": "answerSubmitted",
  "answer.scored": "answerScored",
  "answer.llm-graded": "answerLlmGraded",
  "answer.llm-grade-failed": "answerLlmGradeFailed",
  "follow-up.proposed": "followUpProposed",
  "follow-up.skipped": "followUpSkipped",
  "score.human": "scoreHuman",
  "note.added": "noteAdded",
  "chat.sent": "chatSent",
  "feedback.saved": "feedbackSaved",
  "feedback.shared": "feedbackShared",
};

export function isSessionEventType(type: string): type is SessionEventType {
  return (SESSION_EVENT_TYPES as readonly string[]).includes(type);
}
