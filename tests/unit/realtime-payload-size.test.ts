import { describe, expect, it } from "vitest";
import { payloadTooLarge } from "@/server/realtime/on-event";

/** The definition the fast path must agree with: the UTF-8 size of the payload's JSON. */
function exactlyTooLarge(payload: unknown, max: number): boolean {
  try {
    return Buffer.byteLength(JSON.stringify(payload) ?? "") > max;
  } catch {
    return true;
  }
}

/** Deterministic pseudo-random numbers (mulberry32), so a failure can be replayed. */
function rng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Characters whose JSON size differs most from their UTF-16 length: escapes, CJK, emoji, lone surrogates.
const ALPHABET = ["a", "Z", " ", '"', "\\", "\n", "\u0001", "\u001f", "é", "注", "意", "😀", "\ud800", "\udfff", "\u2028"];

function randomValue(next: () => number, depth: number): unknown {
  const pick = next();
  if (depth > 3 || pick < 0.35) {
    const len = Math.floor(next() * 2000);
    let s = "";
    for (let i = 0; i < len; i++) s += ALPHABET[Math.floor(next() * ALPHABET.length)];
    return s;
  }
  if (pick < 0.45) return next() < 0.5 ? -1.7976931348623157e308 : Math.floor(next() * 1e9);
  if (pick < 0.5) return next() < 0.5 ? null : next() < 0.5;
  if (pick < 0.75) return Array.from({ length: Math.floor(next() * 6) }, () => randomValue(next, depth + 1));
  const o: Record<string, unknown> = {};
  for (let i = Math.floor(next() * 6); i > 0; i--) o[`k${"é".repeat(Math.floor(next() * 4))}${i}`] = randomValue(next, depth + 1);
  return o;
}

describe("socket payload size check", () => {
  it("agrees with the exact JSON size on 600 random payloads at several limits", () => {
    const next = rng(20261129);
    for (let i = 0; i < 600; i++) {
      const payload = randomValue(next, 0);
      for (const max of [16, 1024, 8 * 1024, 32 * 1024, 48 * 1024]) expect(payloadTooLarge(payload, max), `payload #${i}, max ${max}`).toBe(exactlyTooLarge(payload, max));
    }
  });

  it("decides a payload right at the limit by its exact size", () => {
    const payload = { sessionId: "s1", text: "x".repeat(1000) };
    const size = Buffer.byteLength(JSON.stringify(payload));
    expect(payloadTooLarge(payload, size)).toBe(false);
    expect(payloadTooLarge(payload, size - 1)).toBe(true);
  });

  it("counts escapes, multi-byte text and lone surrogates at their JSON size", () => {
    for (const text of ["\u0001".repeat(6000), "注".repeat(12_000), "😀".repeat(9000), "\ud800".repeat(6000)]) {
      expect(payloadTooLarge({ text }, 32 * 1024)).toBe(exactlyTooLarge({ text }, 32 * 1024));
    }
    expect(payloadTooLarge({ text: "\u0001".repeat(6000) }, 32 * 1024)).toBe(true); // 36 kB of \u0001 escapes
  });

  it("measures binary attachments, dates, bigints and deep nesting exactly", () => {
    expect(payloadTooLarge({ blob: Buffer.alloc(20_000) }, 32 * 1024)).toBe(true); // JSON writes each byte as a number: 40 kB
    expect(payloadTooLarge({ at: new Date(0) }, 33)).toBe(false); // {"at":"1970-01-01T00:00:00.000Z"}
    expect(payloadTooLarge({ at: new Date(0) }, 32)).toBe(true);
    expect(payloadTooLarge({ n: 1n }, 1024)).toBe(true); // JSON.stringify throws on bigint
    let deep: unknown = "leaf";
    for (let i = 0; i < 100; i++) deep = [deep];
    expect(payloadTooLarge(deep, 1024)).toBe(exactlyTooLarge(deep, 1024));
  });
});
