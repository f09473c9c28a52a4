type LinesProps = { lines: readonly string[] | undefined; className: string };

/** One list of the engine's feedback lines, each already in the answer's language; nothing when there are none. */
function EngineLines({ lines, className, testId }: LinesProps & { testId: string }) {
  if (!lines?.length) return null;
  return (
    <ul className={className} data-testid={testId}>
      {lines.map((line, i) => (
        <li key={i}>{line}</li>
      ))}
    </ul>
  );
}

/**
 * The engine's "wrong" feedback lines (incorrect claims, ignored instructions to the grader, score caps),
 * each already labelled in the answer's language. Covered and missing points are the key point
 * checklist shown beside them, so the engine's other lines are not repeated. Used in the room and the summary.
 */
export function EngineWrongLines({ lines, className }: LinesProps) {
  return <EngineLines lines={lines} className={`${className} text-red-700`} testId="engine-wrong" />;
}

/**
 * The engine's cautions: what to check before relying on its score (an answer that may explain the key
 * points in its own words, say). Not faults of the answer, so not in red. Used in the room and the summary.
 */
export function EngineCautions({ lines, className }: LinesProps) {
  return <EngineLines lines={lines} className={`${className} rounded-md bg-amber-50 px-2 py-1 text-amber-900`} testId="engine-caution" />;
}
