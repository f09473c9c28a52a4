/**
 * Every kind of event a session's timeline holds (SessionEvent.type), with the key of its label under
 * `summary.eventTypes` in lib/i18n/messages. Writers take SessionEventType, so a new kind is added here
 * with its label key, and a unit test then wants the label in both languages. (The summary's timeline
 * shows a stored type this build does not know as written.)
 */
export const EVENT_LABEL_KEYS = {
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
} as const;
export type SessionEventType = keyof typeof EVENT_LABEL_KEYS;

export function isSessionEventType(type: string): type is SessionEventType {
  return Object.hasOwn(EVENT_LABEL_KEYS, type);
}
