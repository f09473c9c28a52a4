import { structuredPatch } from "diff";
import { serializeQuestion } from "../../lib/questions/serialize";
import type { QuestionFile } from "../../lib/questions/schema";

export type DiffLine = { kind: "context" | "added" | "removed" | "hunk"; text: string };

/**
 * A readable line diff between two question contents: both are written in the canonical file
 * format first, so the diff reads like a review of the YAML file an author would edit.
 */
export function diffQuestionContents({ from, to, fromLabel, toLabel }: { from: QuestionFile; to: QuestionFile; fromLabel: string; toLabel: string }): { lines: DiffLine[]; added: number; removed: number } {
  const patch = structuredPatch(fromLabel, toLabel, serializeQuestion(from), serializeQuestion(to), "", "", { context: 3 });
  const lines: DiffLine[] = [];
  let added = 0;
  let removed = 0;
  for (const h of patch.hunks) {
    lines.push({ kind: "hunk", text: `@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@` });
    for (const l of h.lines) {
      if (l.startsWith("+")) {
        added++;
        lines.push({ kind: "added", text: l.slice(1) });
      } else if (l.startsWith("-")) {
        removed++;
        lines.push({ kind: "removed", text: l.slice(1) });
      } else if (!l.startsWith("\\")) {
        lines.push({ kind: "context", text: l.slice(1) });
      }
    }
  }
  return { lines, added, removed };
}
