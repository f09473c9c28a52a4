import { Document, parse as parseYaml, Scalar } from "yaml";
import type { z } from "zod";
import {
  type Criterion,
  type FollowUpInput,
  type KeyPoint,
  type QuestionFile,
  ZQuestionFile,
} from "./schema";

/**
 * The one canonical text of a question file, so the folder, `format`, `check` and `export`
 * agree byte for byte. Keys follow the schema's field order (never the input's: PostgreSQL's
 * jsonb reorders keys), multi-line text is a literal block, nothing is folded.
 */

type Misconception = KeyPoint["misconceptions"][number];
type Level = Criterion["levels"][number];

// Each list must name every key of its type; the `Missing` checks below fail to compile when
// the schema gains a field the serializer would otherwise silently drop.
const QUESTION_KEYS = ["id", "lang", "title", "difficulty", "timeMinutes", "tags", "prompt", "hints", "referenceAnswer", "keyPoints", "rubric", "followUps"] as const;
const KEY_POINT_KEYS = ["id", "statement", "weight", "aliases", "misconceptions"] as const;
const MISCONCEPTION_KEYS = ["statement", "cues"] as const;
const CRITERION_KEYS = ["id", "name", "weight", "description", "levels"] as const;
const LEVEL_KEYS = ["score", "label", "description"] as const;
const FOLLOW_UP_KEYS = ["id", "keyPoint", "when", "prompt", "followUps"] as const;

type Missing<T, K extends readonly unknown[]> = Exclude<keyof T, K[number]>;
type AssertNever<T extends never> = T;
export type SerializerCoversSchema = AssertNever<
  | Missing<QuestionFile, typeof QUESTION_KEYS>
  | Missing<KeyPoint, typeof KEY_POINT_KEYS>
  | Missing<Misconception, typeof MISCONCEPTION_KEYS>
  | Missing<Criterion, typeof CRITERION_KEYS>
  | Missing<Level, typeof LEVEL_KEYS>
  | Missing<FollowUpInput, typeof FOLLOW_UP_KEYS>
>;

/** Top-level fields written as a block even when they fit on one line: they are Markdown documents. */
const ALWAYS_BLOCK = new Set<string>(["prompt", "referenceAnswer"]);

function literalBlock(text: string): Scalar {
  // `|` (clip) rather than `|-`: it is what authors write by hand, and the schema trims every
  // string, so the one trailing newline YAML keeps is dropped again on parse.
  const node = new Scalar(`${text}\n`);
  node.type = Scalar.BLOCK_LITERAL;
  return node;
}


function ordered<T extends object>(value: T, keys: readonly (keyof T & string)[], child: (key: string, v: unknown) => unknown = (_k, v) => node(v)): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const v = value[key];
    if (v !== undefined) out[key] = child(key, v);
  }
  return out;
}

/** Strings and lists of strings; any string with a line break becomes a literal block. */
function node(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(node);
  if (typeof value === "string" && value.includes("\n")) return literalBlock(value);
  return value;
}

const followUp = (f: FollowUpInput): Record<string, unknown> =>
  ordered(f, FOLLOW_UP_KEYS, (k, v) => (k === "followUps" ? (v as FollowUpInput[]).map(followUp) : node(v)));

const keyPoint = (kp: KeyPoint) =>
  ordered(kp, KEY_POINT_KEYS, (k, v) =>
    k === "misconceptions" ? (v as Misconception[]).map((m) => ordered(m, MISCONCEPTION_KEYS)) : node(v),
  );

const criterion = (c: Criterion) =>
  ordered(c, CRITERION_KEYS, (k, v) => (k === "levels" ? (v as Level[]).map((l) => ordered(l, LEVEL_KEYS)) : node(v)));

export function serializeQuestion(q: QuestionFile): string {
  const tree = ordered(q, QUESTION_KEYS, (k, v) => {
    if (k === "keyPoints") return (v as KeyPoint[]).map(keyPoint);
    if (k === "rubric") return (v as Criterion[]).map(criterion);
    if (k === "followUps") return (v as FollowUpInput[]).map(followUp);
    if (ALWAYS_BLOCK.has(k) && typeof v === "string") return literalBlock(v);
    return node(v);
  });
  const text = new Document(tree, { aliasDuplicateObjects: false }).toString({ indent: 2, indentSeq: true, lineWidth: 0, minContentWidth: 0 });
  return `${text.trimEnd()}\n`;
}

export type QuestionTextProblem = { field: string; message: string };
export type ParseQuestionTextResult = { ok: true; question: QuestionFile } | { ok: false; problems: QuestionTextProblem[] };

const zodProblems = (error: z.ZodError): QuestionTextProblem[] =>
  error.issues.map((i) => ({ field: i.path.length ? i.path.join(".") : "(file)", message: i.message }));

/** YAML text to a validated question; the same field paths and messages as the bank loader. */
export function parseQuestionText(text: string): ParseQuestionTextResult {
  let raw: unknown;
  try {
    raw = parseYaml(text, { prettyErrors: true });
  } catch (err) {
    return { ok: false, problems: [{ field: "(yaml)", message: (err as Error).message.split("\n")[0] ?? "invalid YAML" }] };
  }
  const parsed = ZQuestionFile.safeParse(raw);
  return parsed.success ? { ok: true, question: parsed.data } : { ok: false, problems: zodProblems(parsed.error) };
}
