/**
 * An ISO instant as the interface prints it, in UTC and without the "T": "2026-11-29 18:32" (to the
 * minute) or "2026-11-29 18:32:52" (to the second). Pages label these times as UTC.
 */
export function utcStamp(iso: string, precision: "minute" | "second" = "minute"): string {
  return iso.slice(0, precision === "second" ? 19 : 16).replace("T", " ");
}
