import { describe, expect, it } from "vitest";
import { codeSwitchVariants, MAX_VARIANTS } from "@/lib/scoring/glossary";

const han = /\p{Script=Han}/u;

describe("code-switched variants of an alias", () => {
  it("swaps glossary words for their counterparts, one at a time and together", () => {
    const variants = codeSwitchVariants("多头注意力");
    expect(variants).toEqual(expect.arrayContaining(["multi-head 注意力", "多头 attention", "multi-head attention"]));
    expect(variants).not.toContain("多头注意力");
    expect(codeSwitchVariants("attention heads")).toEqual(expect.arrayContaining(["注意力头", "注意力 heads", "attention 头"]));
  });

  it("translates a whole one-word alias into each of its forms", () => {
    expect(codeSwitchVariants("拼接")).toEqual(["concatenate", "concat", "concatenation"]);
  });

  it("swaps across languages only: an English alias never gains an English synonym", () => {
    for (const alias of ["concatenate", "multi-head attention", "vanishing gradient", "KV cache"]) {
      const variants = codeSwitchVariants(alias);
      expect(variants.length).toBeGreaterThan(0);
      for (const v of variants) expect(v).toMatch(han);
    }
    expect(codeSwitchVariants("concatenate")).toEqual(["拼接"]);
  });

  it("leaves words inside compounds alone", () => {
    expect(codeSwitchVariants("d_model/h")).toEqual([]);
    expect(codeSwitchVariants("multi-head attention").some((v) => v.includes("multi-") && !v.includes("multi-head"))).toBe(false);
  });

  it("swaps a one-character Chinese word only where it is a word of its own", () => {
    expect(codeSwitchVariants("键和值")).toEqual(expect.arrayContaining(["key 和 value", "键和 value"]));
    expect(codeSwitchVariants("数值")).toEqual([]);
    expect(codeSwitchVariants("最大值")).toEqual([]);
  });

  it("gives nothing for an alias without glossary words, and the same list however the alias is cased or spaced", () => {
    expect(codeSwitchVariants("W_O")).toEqual([]);
    expect(codeSwitchVariants("ALiBi")).toEqual([]);
    // Different texts (remembered apart), one normalized form: the same variants.
    expect(codeSwitchVariants("Multi-Head  Attention")).toEqual(codeSwitchVariants("multi-head attention"));
  });

  it("keeps at most MAX_VARIANTS, fewest swaps first", () => {
    const long = "预训练模型的注意力权重矩阵在微调时冻结，只训练低秩适配器";
    const variants = codeSwitchVariants(long);
    expect(variants).toHaveLength(MAX_VARIANTS);
    // The first variants swap one word: all of their other glossary words stay Chinese.
    const english = (v: string) => (v.match(/[a-z][a-z-]*(?: [a-z][a-z-]*)*/g) ?? []).length;
    expect(english(variants[0]!)).toBe(1);
    const counts = variants.map(english);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
  });
});
