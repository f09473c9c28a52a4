import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { ZQuestionFile, type FollowUpInput, type QuestionFile } from "@/lib/questions/schema";
import { parseQuestionText, serializeQuestion } from "@/lib/questions/serialize";
import { questionFile } from "../helpers/factories";

const QUESTIONS_DIR = path.resolve(import.meta.dirname, "../../questions");
const bankFiles = readdirSync(QUESTIONS_DIR, { recursive: true, encoding: "utf8" })
  .filter((f) => /\.ya?ml$/.test(f))
  .sort();

/** mulberry32: a tiny seeded generator, so a failing case can be replayed from its seed. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T,>(xs: readonly T[]): T => xs[int(0, xs.length - 1)] as T;
  return { next, int, pick };
}
type Rng = ReturnType<typeof rng>;

// Pieces YAML treats specially at the start of a scalar, inside it, or as a whole value.
const FRAGMENTS = [
  "key: value", "a:b", "'single'", '"double"', "it's", "- dash", "-log sigmoid", "# not a comment", "a #b", "? query",
  "& anchor", "*alias", "!tag", "%directive", "@at", "`tick`", "{flow}", "[list]", "|pipe", ">fold", "---", "...",
  "yes", "no", "null", "~", "true", "0x1F", "1e3", "12:30", "007", "注意力机制", "自注意力：缩放点积", "「引号」", "中文, English mixed",
  "$\\sqrt{d_k}$", "$$\\frac{QK^T}{\\sqrt{d_k}}$$", "\\mathbb{E}[r]", "50%", "a\ttab", "trailing backslash \\", "emoji 🙂", "é ü ß",
];
const CODE = ["```python", "def f(x):", "    return x  # indented", "        deeper", "```"];
const SLUGS = ["a1", "null", "true", "yes", "123", "1e3", "0x1f", "no", "kv-cache", "rope-2d"];

// Cut by code points so an emoji is never split; the schema's length limits must hold.
const clip = (s: string, max: number) => Array.from(s).slice(0, max).join("").trim() || "x";
const line = (r: Rng, max = 120) => clip(Array.from({ length: r.int(1, 4) }, () => r.pick(FRAGMENTS)).join(r.pick([" ", "", ": ", " - "])), max);
const multiline = (r: Rng, max = 4000) =>
  clip(Array.from({ length: r.int(1, 8) }, () => r.pick([line(r), "", "  indented " + line(r), "- item " + line(r), "# heading", CODE.join("\n"), "line with trailing spaces   ", "    ", "\t tab-indented"])).join("\n"), max);
const text = (r: Rng, max = 400) => (r.next() < 0.3 ? multiline(r, max) : line(r, max));
const uniqueSlugs = (r: Rng, n: number, prefix: string) => Array.from({ length: n }, (_, i) => (r.next() < 0.3 ? `${r.pick(SLUGS)}-${i}` : `${prefix}-${i}`));

function followUps(r: Rng, kpIds: string[], ids: { next: number }, depth: number): FollowUpInput[] {
  return Array.from({ length: r.int(0, depth === 0 ? 3 : 2) }, () => ({
    id: `fu-${ids.next++}`,
    ...(r.next() < 0.6 ? { keyPoint: r.pick(kpIds) } : {}),
    when: r.pick(["missing", "weak", "contradicted", "any"] as const),
    prompt: text(r),
    ...(depth < 2 && r.next() < 0.4 ? { followUps: followUps(r, kpIds, ids, depth + 1) } : {}),
  }));
}

/** A random valid question, as the schema returns it (trimmed strings, defaults filled in). */
function randomQuestion(seed: number): QuestionFile {
  const r = rng(seed);
  const kpIds = uniqueSlugs(r, r.int(3, 7), "kp");
  const base = questionFile();
  return ZQuestionFile.parse({
    ...base,
    id: r.pick(SLUGS),
    lang: r.pick(["en", "zh"]),
    title: line(r),
    tags: Array.from({ length: r.int(1, 4) }, () => r.pick(SLUGS)),
    prompt: text(r),
    hints: Array.from({ length: r.int(0, 5) }, () => text(r)),
    referenceAnswer: multiline(r),
    keyPoints: kpIds.map((id) => ({
      id,
      statement: text(r),
      weight: Math.round(r.next() * 999) / 100 + 0.01,
      aliases: Array.from({ length: r.int(1, 4) }, () => line(r)),
      ...(r.next() < 0.7 ? { misconceptions: Array.from({ length: r.int(0, 2) }, () => ({ statement: text(r), ...(r.next() < 0.7 ? { cues: [line(r)] } : {}) })) } : {}),
    })),
    rubric: uniqueSlugs(r, r.int(2, 4), "crit").map((id) => ({
      id,
      name: line(r, 80),
      weight: r.int(1, 10) / 10,
      ...(r.next() < 0.5 ? { description: text(r) } : {}),
      levels: [0, 2, 5].map((score) => ({ score, label: line(r, 60), description: text(r) })),
    })),
    followUps: followUps(r, kpIds, { next: 0 }, 0),
  });
}

function shuffleKeys(value: unknown, r: Rng): unknown {
  if (Array.isArray(value)) return value.map((v) => shuffleKeys(v, r));
  if (!value || typeof value !== "object") return value;
  const entries = Object.entries(value);
  for (let i = entries.length - 1; i > 0; i--) {
    const j = r.int(0, i);
    [entries[i], entries[j]] = [entries[j]!, entries[i]!];
  }
  return Object.fromEntries(entries.map(([k, v]) => [k, shuffleKeys(v, r)]));
}

const reparse = (yamlText: string) => ZQuestionFile.parse(parseYaml(yamlText));

describe("canonical question serializer", () => {
  it("[BANK] every file in questions/ is already in canonical form, byte for byte", () => {
    expect(bankFiles.length).toBeGreaterThan(0);
    for (const file of bankFiles) {
      const source = readFileSync(path.join(QUESTIONS_DIR, file), "utf8");
      const parsed = parseQuestionText(source);
      if (!parsed.ok) throw new Error(`${file}: ${JSON.stringify(parsed.problems)}`);
      expect(serializeQuestion(parsed.question), file).toBe(source);
    }
  });

  it("[ROUND TRIP] random questions with YAML-hostile text parse back to the same value, and serializing is idempotent", () => {
    for (let seed = 1; seed <= 300; seed++) {
      const q = randomQuestion(seed);
      const out = serializeQuestion(q);
      expect(reparse(out), `seed ${seed}`).toEqual(q);
      expect(serializeQuestion(reparse(out)), `seed ${seed}`).toBe(out);
    }
  });

  it("[KEY ORDER] the text does not depend on the input's key order (jsonb reorders keys)", () => {
    let reordered = 0;
    for (let seed = 1; seed <= 100; seed++) {
      const q = randomQuestion(seed);
      const shuffled = shuffleKeys(q, rng(seed * 7919)) as QuestionFile;
      if (JSON.stringify(shuffled) !== JSON.stringify(q)) reordered++;
      expect(serializeQuestion(shuffled), `seed ${seed}`).toBe(serializeQuestion(q));
    }
    expect(reordered).toBeGreaterThan(90);
    const bank = parseQuestionText(readFileSync(path.join(QUESTIONS_DIR, bankFiles[0]!), "utf8"));
    if (!bank.ok) throw new Error("first bank file is invalid");
    const jsonbLike = JSON.parse(JSON.stringify(shuffleKeys(bank.question, rng(42)))) as QuestionFile;
    expect(serializeQuestion(jsonbLike)).toBe(serializeQuestion(bank.question));
  });

  it("[FORMAT] writes keys in schema order, Markdown as literal blocks, long lines unfolded, one final newline", () => {
    const long = "word ".repeat(30).trim();
    const code = "Intro: see below.\n\n```python\ndef f(x):\n    return x  # keep indent\n```\n$$\\frac{a}{b}$$";
    const q = ZQuestionFile.parse(questionFile({ title: long, referenceAnswer: code, hints: ["- looks like a list", "# looks like a comment", "中文：提示"] }));
    const out = serializeQuestion(q);
    const topKeys = out.split("\n").filter((l) => /^[a-zA-Z]/.test(l)).map((l) => l.split(":")[0]);
    expect(topKeys).toEqual(["id", "lang", "title", "difficulty", "timeMinutes", "tags", "prompt", "hints", "referenceAnswer", "keyPoints", "rubric", "followUps"]);
    expect(out).toContain(`title: ${long}\n`);
    expect(out).toContain("referenceAnswer: |\n  Intro: see below.\n\n  ```python\n  def f(x):\n      return x  # keep indent\n  ```\n  $$\\frac{a}{b}$$\n");
    expect(out).toMatch(/^prompt: \|\n {2}\S/m);
    expect(out.endsWith("\n") && !out.endsWith("\n\n")).toBe(true);
    expect(reparse(out)).toEqual(q);
  });

  it("[FORMAT] quotes slugs YAML would read as booleans, nulls or numbers so they stay strings", () => {
    const q = ZQuestionFile.parse(questionFile({ tags: ["true", "null", "123", "1e3", "no"] }));
    const raw = parseYaml(serializeQuestion(q)) as { tags: unknown[] };
    expect(raw.tags).toEqual(["true", "null", "123", "1e3", "no"]);
  });

  it("[FORMAT] omits optional fields that are absent instead of writing null", () => {
    const q = ZQuestionFile.parse(questionFile({ followUps: [{ id: "why", prompt: "Why?" }] }));
    const out = serializeQuestion(q);
    expect(out).not.toMatch(/null|keyPoint:|description: *$/m);
    expect(out).toContain("  - id: why\n    when: missing\n    prompt: Why?\n");
  });
});

describe("parseQuestionText", () => {
  it("[BAD FILE] reports YAML syntax errors and schema problems with the field path", () => {
    const syntax = parseQuestionText("id: [unclosed\n");
    expect(syntax.ok).toBe(false);
    expect(!syntax.ok && syntax.problems[0]?.field).toBe("(yaml)");
    const q = questionFile();
    const schema = parseQuestionText(serializeQuestion(ZQuestionFile.parse(q)).replace(/^timeMinutes: 5$/m, "timeMinutes: 500"));
    expect(schema.ok).toBe(false);
    expect(!schema.ok && schema.problems.map((p) => p.field)).toEqual(["timeMinutes"]);
  });

  it("[GOOD FILE] returns the schema's value, defaults filled in", () => {
    const q = questionFile();
    const { hints: _omitted, ...withoutHints } = q;
    const r = parseQuestionText(serializeQuestion(withoutHints as unknown as QuestionFile));
    expect(r.ok && r.question).toEqual(ZQuestionFile.parse(q));
  });
});
