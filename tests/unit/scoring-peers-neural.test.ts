import fs from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import YAML from "yaml";
import { afterAll, describe, expect, it } from "vitest";
import { ZQuestionFile } from "@/lib/questions/schema";
import { readDataset } from "@/lib/scoring/dataset";
import { scoreAnswer, scoreAnswerSync, type Embedder, type ScoringQuestion } from "@/lib/scoring/engine";
import { applyLooseMisconceptions } from "@/lib/scoring/loose-misconceptions";
import { matchKeyPoints } from "@/lib/scoring/match-key-points";
import { measureAgreement } from "@/lib/scoring/metrics";
import { computePeerFeatures, termVector } from "@/lib/scoring/peers";
import { createTransformersEmbedder } from "@/server/scoring/transformers-embedder";
import { writeTinyModel } from "@/tests/helpers/tiny-model";

const question: ScoringQuestion = { prompt: "What is the role of a prototype program in problem solving?", referenceAnswer: "To simulate the behaviour of portions of the desired software product." };
const peers = [
  "It simulates the behaviour of parts of the final software product.",
  "A prototype simulates portions of the desired product to test ideas early.",
  "To simulate some behaviour of the software before it is built.",
  "It shows the customer how portions of the product will behave.",
  "Prototypes simulate the product so problems are found early.",
];

describe("peer consensus", () => {
  it("[ENGINE] uses the peer model and names it only when enough peer answers are given", () => {
    const answer = "It simulates parts of the product.";
    const withPeers = scoreAnswerSync({ question, answer, peerAnswers: peers });
    const few = scoreAnswerSync({ question, answer, peerAnswers: peers.slice(0, 2) });
    expect(withPeers.models).toContain("peer-consensus");
    expect(few.models).not.toContain("peer-consensus");
    expect(scoreAnswerSync({ question, answer, peerAnswers: peers })).toEqual(withPeers);
  });

  it("[ENGINE] scores an answer agreeing with the peers above one that shares nothing with them", () => {
    const agreeing = scoreAnswerSync({ question, answer: "It simulates the behaviour of portions of the product.", peerAnswers: peers });
    const unrelated = scoreAnswerSync({ question, answer: "Compilers translate source code to machine code.", peerAnswers: peers });
    expect(agreeing.overall5).toBeGreaterThan(unrelated.overall5 + 1);
  });

  it("leaves the answer out of its own centroid (closed form equals the direct cosine)", () => {
    const texts = ["simulate behaviour product", "simulate product early", "customer portions behaviour"];
    const vectors = texts.map((t) => termVector(t, undefined));
    const features = computePeerFeatures({ reference: termVector("simulate behaviour", undefined), vectors, softRecalls: [0.5, 0.2, 0.9] });
    // Answer 0's peers are 1 and 2: the cosine with their normalised sum, computed directly.
    const sum = new Map<string, number>();
    for (const v of vectors.slice(1)) for (const [k, x] of v) sum.set(k, (sum.get(k) ?? 0) + x);
    const norm = Math.sqrt([...sum.values()].reduce((s, x) => s + x * x, 0));
    const direct = [...vectors[0]!].reduce((s, [k, x]) => s + x * (sum.get(k) ?? 0), 0) / norm;
    expect(features[0]!.peerCentroid).toBeCloseTo(direct, 10);
    expect(features[0]!.peerRankSoftRecall).toBe(0.5);
  });
});

/** Deterministic fake: a bag-of-letters vector, so texts sharing words point the same way. */
const fakeEmbedder: Embedder = {
  id: "fake-letters/1",
  embed: (texts) =>
    Promise.resolve(
      texts.map((t) => {
        const v = new Float32Array(26);
        for (const ch of t.toLowerCase()) {
          const c = ch.charCodeAt(0) - 97;
          if (c >= 0 && c < 26) v[c]! += 1;
        }
        return v;
      }),
    ),
};

describe("neural mode", () => {
  it("[ENGINE] blends the embedder in, reports neural mode and the embedder id", async () => {
    const answer = "It simulates the behaviour of portions of the product.";
    const lexical = await scoreAnswer({ question, answer });
    const neural = await scoreAnswer({ question, answer, embedder: fakeEmbedder });
    expect(lexical.mode).toBe("lexical");
    expect(neural.mode).toBe("neural");
    expect(neural.models).toContain("embedder:fake-letters/1");
    expect(neural.features.neuralAnswerReference).toBeGreaterThan(0.5);
    // At most a fifth of the scale moves.
    expect(Math.abs(neural.overall5 - lexical.overall5)).toBeLessThanOrEqual(1.05);
    expect(await scoreAnswer({ question, answer, embedder: fakeEmbedder })).toEqual(neural);
  });

  it("[ENGINE] falls back to the lexical score, flagged, when the embedder fails", async () => {
    const broken: Embedder = { id: "broken/1", embed: () => Promise.reject(new Error("model file missing")) };
    const result = await scoreAnswer({ question, answer: "It simulates parts of the product.", embedder: broken });
    expect(result.mode).toBe("lexical");
    expect(result.flags).toContain("embedder-failed");
    expect(result.overall5).toBe((await scoreAnswer({ question, answer: "It simulates parts of the product." })).overall5);
  });
});

describe("neural mode on the real transformers.js path", () => {
  let modelsDir = "";
  afterAll(async () => {
    if (modelsDir) await rm(modelsDir, { recursive: true, force: true });
  });

  it("[ENGINE] scores with a generated model through transformers.js, offline, deterministically", async () => {
    modelsDir = await mkdtemp(path.join(tmpdir(), "mockroom-neural-"));
    await writeTinyModel(path.join(modelsDir, "tiny-bert"));
    const embedder = await createTransformersEmbedder({ modelsDir, modelName: "tiny-bert", device: "cpu" });
    const answer = "It simulates the behaviour of portions of the product.";
    const a = await scoreAnswer({ question, answer, embedder });
    const b = await scoreAnswer({ question, answer, embedder });
    expect(a.mode).toBe("neural");
    expect(a.models).toContain(`embedder:${embedder.id}`);
    expect(Number.isFinite(a.features.neuralAnswerReference)).toBe(true);
    expect(b).toEqual(a);
    const lexical = await scoreAnswer({ question, answer });
    expect(Math.abs(a.overall5 - lexical.overall5)).toBeLessThanOrEqual(1.05);
  });
});

describe("loose misconception cues", () => {
  const keyPoints = [
    { id: "scaling", weight: 1, aliases: ["根号 d_k", "sqrt(d_k)"], misconceptions: [{ statement: "缩放可以去掉。", cues: ["缩放可有可无", "fewer FLOPs"] }] },
    { id: "softmax", weight: 1, aliases: ["softmax"] },
  ];
  const loose = (answer: string) => applyLooseMisconceptions({ match: matchKeyPoints({ keyPoints, answer }), keyPoints, answer });

  it("finds a cue whose words are spread over one clause", () => {
    const result = loose("先做 softmax，除以根号 d_k，不过这个缩放因子可有可无。");
    expect(result.keyPoints[0]!.status).toBe("contradicted");
    expect(result.keyPoints[0]!.contradictions[0]!.cue).toBe("缩放可有可无");
    expect(result.score5).toBeLessThan(matchKeyPoints({ keyPoints, answer: "先做 softmax，除以根号 d_k。" }).score5);
  });

  it("ignores a cue denied in its clause, or English cue words in another order", () => {
    expect(loose("除以根号 d_k 的缩放并非可有可无，不能去掉。").keyPoints[0]!.status).not.toBe("contradicted");
    expect(loose("It divides by sqrt(d_k), trading extra FLOPs for fewer memory reads.").keyPoints[0]!.status).not.toBe("contradicted");
    expect(loose("Dividing by sqrt(d_k) means fewer FLOPs.").keyPoints[0]!.status).toBe("contradicted");
  });
});

describe("Chinese graded set", () => {
  const { rows } = readDataset(fs.readFileSync(path.resolve("tests/fixtures/scoring/zh-graded.csv"), "utf8"));
  const bank = (id: string): ScoringQuestion | undefined => {
    const file = path.resolve("questions/llm", `${id}.zh.yaml`);
    if (!fs.existsSync(file)) return undefined;
    const q = ZQuestionFile.parse(YAML.parse(fs.readFileSync(file, "utf8")));
    return { prompt: q.prompt, referenceAnswer: q.referenceAnswer, lang: q.lang, keyPoints: q.keyPoints, rubric: q.rubric };
  };

  const scored = rows.map((r) => ({ row: r, result: scoreAnswerSync({ question: bank(r.id) ?? { prompt: r.question, referenceAnswer: r.reference }, answer: r.answer }) }));
  const ofKind = (kind: string) => scored.filter((s) => s.row.record.kind === kind);

  it("[ENGINE] scores keyword-stuffed wrong answers that state an authored misconception at most 2 of 5", () => {
    const caught = ofKind("keyword-stuffed-wrong").filter((s) => s.result.keyPoints.some((k) => k.status === "contradicted"));
    expect(caught.length).toBeGreaterThanOrEqual(18);
    for (const s of caught) expect(s.result.overall5).toBeLessThanOrEqual(2);
  });

  it("[ENGINE] marks no key point of a right answer contradicted (excellent, paraphrased, mixed-language, English)", () => {
    const right = scored.filter((s) => ["excellent", "paraphrase", "mixed-language", "english"].includes(s.row.record.kind ?? ""));
    expect(right.length).toBe(48);
    for (const s of right) expect(s.result.keyPoints.filter((k) => k.status === "contradicted").map((k) => k.id)).toEqual([]);
  });

  it("[ENGINE] scores every keyword-stuffed wrong answer at most 2 of 5, each for a stated misconception", () => {
    const stuffed = ofKind("keyword-stuffed-wrong");
    expect(stuffed.length).toBe(24);
    for (const s of stuffed) {
      expect(s.result.overall5, s.row.answer).toBeLessThanOrEqual(2);
      expect(s.result.keyPoints.some((k) => k.status === "contradicted"), s.row.answer).toBe(true);
    }
  });

  it("[ENGINE] keeps right answers high and ranks the whole set like the graders", () => {
    const mean = (kind: string) => ofKind(kind).reduce((sum, s) => sum + s.result.overall5, 0) / ofKind(kind).length;
    expect(mean("excellent")).toBeGreaterThanOrEqual(3.8);
    expect(mean("mixed-language")).toBeGreaterThanOrEqual(3.8);
    expect(mean("english")).toBeGreaterThanOrEqual(3.5);
    const { spearman, pearson } = measureAgreement(scored.map((s) => s.result.overall5), scored.map((s) => s.row.human));
    expect(spearman).toBeGreaterThanOrEqual(0.75);
    expect(pearson).toBeGreaterThanOrEqual(0.75);
  });

  it("[ENGINE] cautions the interviewer on paraphrased right answers, which the checklist under-scores, and on nothing else in the set", () => {
    // The caution's thresholds were chosen on this set, so this guards the behaviour, not its accuracy
    // on unseen answers (scoring-engine.test.ts checks answers written apart from it).
    const cautioned = scored.filter((s) => s.result.flags.includes("own-words"));
    expect(cautioned.filter((s) => s.row.record.kind === "paraphrase").length).toBeGreaterThanOrEqual(10);
    expect(cautioned.filter((s) => s.row.record.kind !== "paraphrase").map((s) => `${s.row.record.kind}: ${s.row.answer.slice(0, 40)}`)).toEqual([]);
  });

  it("[ENGINE] scores 'I don't know'-style answers 0 with the no-answer flag", () => {
    for (const s of ofKind("empty-ish")) {
      expect(s.result.overall5, s.row.answer).toBe(0);
      expect(s.result.flags, s.row.answer).toContain("no-answer");
    }
  });

  it("[ENGINE] without the bank (key points derived from the reference), keeps off-topic and shallow answers low", () => {
    const derived = rows.map((r) => ({ kind: r.record.kind, score: scoreAnswerSync({ question: { prompt: r.question, referenceAnswer: r.reference }, answer: r.answer }).overall5 }));
    const mean = (kind: string) => derived.filter((d) => d.kind === kind).reduce((sum, d) => sum + d.score, 0) / derived.filter((d) => d.kind === kind).length;
    expect(mean("off-topic")).toBeLessThanOrEqual(2.5);
    expect(mean("shallow")).toBeLessThanOrEqual(2.5);
    expect(mean("excellent")).toBeGreaterThanOrEqual(4);
    expect(mean("paraphrase")).toBeGreaterThanOrEqual(3.5);
  });

  it("[ENGINE] scores keyword-stuffed wrong answers 2 of 5 on average and below the excellent answer to the same question", () => {
    const stuffed = ofKind("keyword-stuffed-wrong");
    expect(stuffed.length).toBe(24);
    expect(stuffed.reduce((sum, s) => sum + s.result.overall5, 0) / stuffed.length).toBeLessThanOrEqual(2);
    for (const s of stuffed) {
      const excellent = ofKind("excellent").find((e) => e.row.id === s.row.id);
      expect(s.result.overall5).toBeLessThan(excellent!.result.overall5);
    }
  });
});
