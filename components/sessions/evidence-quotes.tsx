/**
 * The words of an answer that gave a key point its status, quoted under the point, so a reader can judge a
 * loose match at a glance. `label` words the line in the reader's language around the quotes.
 */
export function EvidenceQuotes({ quotes, label }: { quotes: readonly string[]; label: (quoted: string) => string }) {
  if (!quotes.length) return null;
  return (
    <span className="block break-words text-xs text-slate-500" data-testid="kp-evidence">
      {label(quotes.map((q) => `“${q}”`).join(", "))}
    </span>
  );
}
