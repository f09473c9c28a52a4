import { z } from "zod";
import type { Logger } from "../logger";
import type { JobQueue } from "./queue";

const ZScored = z.object({ answerId: z.string().min(1) });

/**
 * With OPENAI_GRADING on, every answer the engine has scored is also sent to the hosted grader.
 * Listening to completions (rather than calling the model inside score-answer) keeps the engine's
 * score fast and independent of the model: a slow or failing LLM never delays or fails it. In
 * Redis mode every web process hears the completion; the dedupe key makes that one job.
 */
export function chainLlmGrading({ queue, logger }: { queue: JobQueue; logger: Logger }): () => void {
  return queue.onCompleted((event) => {
    if (event.jobId !== "score-answer") return;
    const scored = ZScored.safeParse(event.result);
    if (!scored.success) return;
    const { answerId } = scored.data;
    queue.enqueue("llm-grade-answer", { answerId }, { dedupeKey: `llm-grade:${answerId}` }).catch((err: unknown) => logger.error({ err, answerId }, "could not enqueue LLM grading"));
  });
}
