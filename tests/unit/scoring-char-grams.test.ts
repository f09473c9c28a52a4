import { describe, expect, it } from "vitest";
import { charGramVector, questionGrams } from "@/lib/scoring/char-grams";
import { isNonAnswer } from "@/lib/scoring/input-checks";
import { computeGroupFeatures } from "@/lib/scoring/peer-signals";
import { cosine } from "@/lib/scoring/peers";
import { computeFeatures } from "@/lib/scoring/features";
import { matchKeyPoints } from "@/lib/scoring/match-key-points";

const none = new Set<string>();

describe("character n-gram vectors", () => {
  it("are unit vectors, and near-misses of spelling stay similar", () => {
    const a = charGramVector("recursion stops at the base case", none);
    const norm = Math.sqrt([...a.values()].reduce((s, w) => s + w * w, 0));
    expect(norm).toBeCloseTo(1, 6);
    expect(cosine(a, charGramVector("recursive calls stop at a base-case", none))).toBeGreaterThan(cosine(a, charGramVector("compilers translate source code", none)) + 0.2);
  });

  it("leave the question's n-grams out, so restating the question earns no similarity", () => {
    const demote = questionGrams("What is the role of a prototype program?");
    const reference = charGramVector("To simulate the behaviour of portions of the product.", demote);
    expect(cosine(charGramVector("The role of a prototype program.", demote), reference)).toBeLessThan(0.05);
    expect(cosine(charGramVector("It simulates the behaviour of parts of the product.", demote), reference)).toBeGreaterThan(0.4);
  });

  it("work on Chinese, whose 3-5 character n-grams are phrases", () => {
    const v = charGramVector("点积要除以根号 d_k，防止 softmax 饱和", none);
    expect(cosine(v, charGramVector("除以根号 dk 是为了防止 softmax 饱和", none))).toBeGreaterThan(0.3);
    expect(cosine(v, charGramVector("RLHF 先训练奖励模型再做 PPO", none))).toBeLessThan(0.05);
  });
});

describe("peer group features in character space", () => {
  it("rates an answer like the reference-near peers above an unlike one, and z-scores it within the group", () => {
    const prompt = "What is the role of a prototype program in problem solving?";
    const reference = "To simulate the behaviour of portions of the desired software product.";
    const answers = [
      "It simulates the behaviour of parts of the final software product.",
      "A prototype simulates portions of the desired product to test ideas.",
      "To simulate some behaviour of the software before it is built.",
      "Compilers translate source code into machine code.",
    ];
    const base = answers.map((answer) => computeFeatures({ prompt, reference, answer, keyPoints: matchKeyPoints({ keyPoints: [], answer }) }));
    const group = computeGroupFeatures({ prompt, reference, answers, base, idf: undefined });
    const [right, , , unrelated] = [0, 1, 2, 3].map((i) => group.get(i)!);
    expect(right!.charRef).toBeGreaterThan(unrelated!.charRef! + 0.2);
    expect(right!.charRelevant).toBeGreaterThan(unrelated!.charRelevant!);
    expect(unrelated!.z_charRelevant).toBeLessThan(0);
  });
});

describe("non-answers", () => {
  it("are the whole answer saying it was not answered, in either language", () => {
    for (const t of ["not answered", "NO ANSWER", "I don't know.", "idk", "N/A", "不知道。", "我不知道", "未作答"]) expect(isNonAnswer(t), t).toBe(true);
  });

  it("are not short right answers or answers that go on", () => {
    for (const t of ["None", "No", "one", "O(n)", "pass", "I don't know the exact number, but it is O(n)", "不知道为什么要缩放的话，softmax 会饱和"]) expect(isNonAnswer(t), t).toBe(false);
  });
});
