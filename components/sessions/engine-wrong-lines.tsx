/**
 * The engine's "wrong" feedback lines (incorrect claims, ignored instructions to the grader, score caps),
 * each already labelled in the answer's language. Covered and missing points are the key point
 * checklist shown beside them, so the engine's other lines are not repeated. Used in the room and the summary.
 */
export function EngineWrongLines({ lines, className }: { lines: readonly string[] | undefined; className: string }) {
  if (!lines?.length) return null;
  return (
    <ul className={`${className} text-red-700`} data-testid="engine-wrong">
      {lines.map((line, i) => (
        <li key={i}>{line}</li>
      ))}
    </ul>
  );
}

/**
 * The engine's cautions: what to check before relying on its score (an answer that may explain the key
 * points in its own words, say). Not faults of the answer, so not in red. Used in the room and the summary.
 */
export function EngineCautions({ lines, className }: { lines: readonly string[] | undefined; className: string }) {
  if (!lines?.length) return null;
  return (
    <ul className={`${className} rounded-md bg-amber-50 px-2 py-1 text-amber-900`} data-testid="engine-caution">
      {lines.map((line, i) => (
        <li key={i}>{line}</li>
      ))}
    </ul>
  );
}
