import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { localeFromAcceptLanguage } from "@/lib/i18n/locales";
import { EVENT_LABEL_KEYS, type SessionEventType } from "@/lib/sessions/event-types";

const load = (l: string) => JSON.parse(readFileSync(`lib/i18n/messages/${l}.json`, "utf8")) as Record<string, unknown>;
function keys(o: Record<string, unknown>, prefix = ""): string[] {
  return Object.entries(o).flatMap(([k, v]) => (v && typeof v === "object" ? keys(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`]));
}
/** Argument names of an ICU message ({name} and {name, plural, ...}), without repeats. */
const placeholders = (s: string) => [...new Set([...s.matchAll(/\{(\w+)/g)].map((m) => m[1]))].sort();

describe("interface messages", () => {
  const en = load("en");
  const zh = load("zh");
  it("Chinese and English define the same keys", () => {
    expect(keys(zh).sort()).toEqual(keys(en).sort());
  });

  it("each translation uses the same placeholders", () => {
    const get = (o: Record<string, unknown>, k: string) => k.split(".").reduce<unknown>((a, p) => (a as Record<string, unknown>)[p], o) as string;
    for (const k of keys(en)) expect(placeholders(get(zh, k)), k).toEqual(placeholders(get(en, k)));
  });

  it("picks the browser's language when no choice was saved", () => {
    expect(localeFromAcceptLanguage("zh-CN,zh;q=0.9,en;q=0.8")).toBe("zh");
    expect(localeFromAcceptLanguage("en-GB,en;q=0.9")).toBe("en");
    expect(localeFromAcceptLanguage("fr-FR")).toBe("en");
    expect(localeFromAcceptLanguage(undefined)).toBe("en");
  });
});

describe("timeline event labels", () => {
  it("every kind of session event has a label in both languages", () => {
    for (const l of ["en", "zh"]) {
      const labels = (load(l).summary as { eventTypes: Record<string, string> }).eventTypes;
      for (const type of Object.keys(EVENT_LABEL_KEYS) as SessionEventType[]) expect(labels[EVENT_LABEL_KEYS[type]], `${l}: ${type}`).toMatch(/\S/);
      expect(Object.keys(labels).sort(), l).toEqual(Object.values(EVENT_LABEL_KEYS).sort());
    }
  });
});
