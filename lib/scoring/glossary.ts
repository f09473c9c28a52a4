import { isHanCode, normalizeText, stemLatinWord, tokenize } from "./normalize";

/**
 * Code-switched variants of key point aliases. Bilingual candidates write technical words in either language
 * inside one sentence: "Multi-head 注意力让每个头看不同的子空间", "把 KV 缓存存下来", "用 low-rank 矩阵近似更新".
 * An author writes "多头注意力" and "multi-head attention", not every mixture of the two, so the matcher also
 * looks for the mixtures: each alias is rewritten with the words of this glossary swapped for their
 * counterparts in the other language, one or more at a time.
 *
 * The glossary is linguistic data (the common Chinese and English names of the field's terms), like a stop word
 * list: nothing in it depends on a question, a dataset or a grade. Swaps go across languages only, so an
 * English answer to an English question meets exactly the aliases it met before.
 *
 * Each line: Chinese forms | English forms (commas between forms). English forms match whole words by their
 * Porter stems, so "heads" and "masking" are found; a one-character Chinese form must be a word of its own in
 * the alias (by Intl.Segmenter), so 值 is swapped in "键和值" and not inside 数值 or 最大值.
 */
const TABLE = `
注意力 | attention
自注意力 | self-attention
交叉注意力 | cross-attention
多头 | multi-head
多头注意力 | multi-head attention, MHA
分组查询注意力 | grouped-query attention, GQA
头 | head
注意力头 | attention head
查询 | query
键 | key
值 | value
键值 | key-value, KV
键值缓存 | KV cache
缩放 | scaling, scale
点积 | dot product
掩码, 遮罩, 掩蔽 | mask, masking
因果 | causal
因果掩码 | causal mask
填充 | padding
投影 | projection
拼接 | concatenate, concat, concatenation
子空间 | subspace
矩阵 | matrix
向量 | vector
维度 | dimension
嵌入, 词嵌入 | embedding
编码器 | encoder
解码器 | decoder
编码 | encoding
位置编码 | positional encoding, position encoding
词向量 | word vector, word embedding
位置 | position
绝对位置 | absolute position
相对位置 | relative position
旋转位置编码 | rotary position embedding, RoPE
旋转 | rotary, rotation
频率 | frequency
层 | layer
归一化 | normalization, norm
层归一化 | layer normalization, LayerNorm
残差 | residual
残差连接 | residual connection, skip connection
连接 | connection
前馈 | feed-forward
前馈网络 | feed-forward network, FFN
网络 | network
神经网络 | neural network
循环神经网络 | recurrent neural network, RNN
激活 | activation
激活函数 | activation function
函数 | function
隐状态, 隐藏状态 | hidden state
梯度 | gradient
梯度消失 | vanishing gradient
梯度爆炸 | exploding gradient
饱和 | saturation, saturate
方差 | variance
复杂度 | complexity
序列 | sequence
长度 | length
并行 | parallel, parallelism
张量 | tensor
张量并行 | tensor parallelism
流水线 | pipeline
流水线并行 | pipeline parallelism
数据并行 | data parallelism
通信 | communication
词元, 令牌 | token
词表, 词汇表 | vocabulary, vocab
分词 | tokenization
分词器 | tokenizer
子词 | subword
字节对编码 | byte pair encoding, BPE
合并 | merge
模型 | model
语言模型 | language model
大模型, 大语言模型 | large language model, LLM
参数 | parameter
权重 | weight
偏置 | bias
线性 | linear
非线性 | nonlinear, non-linear
训练 | training
预训练 | pretraining, pre-training
微调 | fine-tuning, finetuning, fine-tune
指令微调 | instruction tuning
全量微调 | full fine-tuning
低秩 | low-rank
秩 | rank
适配器 | adapter
冻结 | freeze, frozen
量化 | quantization, quantize
反量化 | dequantization
精度 | precision
浮点 | floating point
显存 | GPU memory, VRAM
内存 | memory
缓存 | cache
推理 | inference
解码 | decoding
采样 | sampling
温度 | temperature
贪心 | greedy
束搜索, 集束搜索 | beam search
重复惩罚 | repetition penalty
截断 | truncation
概率 | probability
分布 | distribution
损失 | loss
损失函数 | loss function
交叉熵 | cross-entropy
困惑度 | perplexity
散度 | divergence
优化 | optimization
优化器 | optimizer
学习率 | learning rate
反向传播 | backpropagation
前向 | forward
反向 | backward
过拟合 | overfitting
正则化 | regularization
泛化 | generalization
遗忘 | forgetting
灾难性遗忘 | catastrophic forgetting
奖励 | reward
奖励模型 | reward model
人类反馈 | human feedback
强化学习 | reinforcement learning
偏好 | preference
策略 | policy
参考模型 | reference model
直接偏好优化 | direct preference optimization, DPO
近端策略优化 | proximal policy optimization, PPO
对齐 | alignment
基座模型, 基础模型 | base model
检索 | retrieval
检索增强生成 | retrieval-augmented generation, RAG
生成 | generation
知识库 | knowledge base
向量数据库 | vector database
召回 | recall
重排, 重排序 | reranking, rerank
分块, 切块 | chunk, chunking
幻觉 | hallucination
上下文 | context
上下文窗口 | context window
窗口 | window
长上下文 | long context
外推 | extrapolation
插值 | interpolation
专家 | expert
混合专家 | mixture of experts, MoE
路由, 路由器 | router, routing
门控 | gating, gate
负载均衡 | load balancing
稀疏 | sparse, sparsity
稠密 | dense
蒸馏 | distillation
教师模型 | teacher model
学生模型 | student model
数据 | data
数据集 | dataset
合成数据 | synthetic data
样本 | sample
标注 | annotation
标签 | label
评估 | evaluation
基准 | benchmark
指标 | metric
翻译 | translation
机器翻译 | machine translation
情感分析 | sentiment analysis
分类 | classification
提示, 提示词 | prompt
提示工程 | prompt engineering
思维链 | chain of thought, chain-of-thought
少样本 | few-shot
零样本 | zero-shot
吞吐, 吞吐量 | throughput
延迟 | latency
批处理 | batching
连续批处理 | continuous batching
分页 | paging, paged
推测解码, 投机解码 | speculative decoding
草稿模型 | draft model
前缀 | prefix
重计算 | recomputation
算子融合 | kernel fusion
离群值, 异常值 | outlier
校准 | calibration
缩放定律 | scaling law
涌现 | emergence, emergent
对话 | dialogue, conversation
多轮 | multi-turn
系统提示 | system prompt
工具调用 | tool calling, tool use
函数调用 | function calling
领域 | domain
领域适应 | domain adaptation
迁移学习 | transfer learning
`;

type Site = { start: number; end: number; alternatives: readonly string[] };
type EnglishForm = { stems: string[]; alternatives: string[] };
type Glossary = { chinese: Map<string, string[]>; longestChinese: number; english: Map<string, EnglishForm[]> };

const stemsOf = (words: string): string[] => (normalizeText(words).text.match(/[a-z0-9]+/g) ?? []).map(stemLatinWord);

function parse(table: string): Glossary {
  const chinese = new Map<string, string[]>();
  const english = new Map<string, EnglishForm[]>();
  for (const line of table.split("\n")) {
    if (!line.trim()) continue;
    const [zh, en] = line.split("|").map((side) => side.split(",").map((f) => f.trim()).filter(Boolean));
    if (!zh?.length || !en?.length) throw new Error(`glossary line needs Chinese | English forms: ${line}`);
    for (const form of zh) {
      const key = normalizeText(form).text;
      chinese.set(key, [...(chinese.get(key) ?? []), ...en]);
    }
    for (const form of en) {
      const stems = stemsOf(form);
      const list = english.get(stems[0]!) ?? [];
      list.push({ stems, alternatives: zh });
      english.set(stems[0]!, list);
    }
  }
  // Longest first, so "KV cache" is tried before "KV" at the same place.
  for (const list of english.values()) list.sort((a, b) => b.stems.length - a.stems.length);
  return { chinese, longestChinese: Math.max(...[...chinese.keys()].map((k) => k.length)), english };
}

let glossary: Glossary | undefined;
/** Variants kept per alias, fewest swaps first; enough for every mixture of three swappable words. */
export const MAX_VARIANTS = 24;
/** Swaps tried per alias: bounds the work on a long alias full of glossary words. */
const MAX_WALKED = 512;
const SEPARATOR = /^[ \-_]+$/;

/** Where the Chinese words of a normalized text begin and end, by `tokenize`'s segmenter. */
function hanEdges(text: string): Set<number> {
  const edges = new Set<number>();
  for (const t of tokenize(text)) {
    if (t.script !== "han") continue;
    edges.add(t.start);
    edges.add(t.end);
  }
  return edges;
}

/**
 * The code-switched variants of an alias or cue, in a fixed order, without the alias itself. Each variant
 * names the same thing with some of its words in the other language; callers match it as the alias it came
 * from. Empty when no word of the alias is in the glossary.
 */
export function codeSwitchVariants(alias: string): readonly string[] {
  const known = remembered.get(alias);
  if (known) return known;
  const variants = Object.freeze(variantsOf(alias));
  if (remembered.size >= REMEMBERED_MAX) remembered.clear();
  remembered.set(alias, variants);
  return variants;
}

/**
 * Variants by alias text. A worker loads a question's key points afresh for every job, and the bank's aliases
 * repeat, so most calls are answered here; cleared when full, which only costs recomputing.
 */
const remembered = new Map<string, readonly string[]>();
const REMEMBERED_MAX = 50_000;

function variantsOf(alias: string): string[] {
  glossary ??= parse(TABLE);
  const g = glossary;
  const text = normalizeText(alias).text;
  let edges: Set<number> | undefined;
  // Where a glossary word sits in the alias, and what it may become.
  const sites: Site[] = [];
  for (let pos = 0; pos < text.length; pos++) {
    if (!isHanCode(text.charCodeAt(pos))) continue;
    for (let len = Math.min(g.longestChinese, text.length - pos); len >= 1; len--) {
      const alternatives = g.chinese.get(text.slice(pos, pos + len));
      if (alternatives && (len > 1 || ((edges ??= hanEdges(text)).has(pos) && edges.has(pos + 1)))) sites.push({ start: pos, end: pos + len, alternatives });
    }
  }
  const words = [...text.matchAll(/[a-z0-9\u00df-\u00f6\u00f8-\u024f]+/g)].map((m) => ({ start: m.index, end: m.index + m[0].length, stem: stemLatinWord(m[0]) }));
  const glued = (a: number, b: number) => a >= 0 && b < words.length && /^[-_]$/.test(text.slice(words[a]!.end, words[b]!.start));
  words.forEach((word, w) => {
    for (const form of g.english.get(word.stem) ?? []) {
      const last = w + form.stems.length - 1;
      // Not part of a longer compound ("head" in "multi-head", "model" in "d_model").
      if (last >= words.length || glued(w - 1, w) || glued(last, last + 1)) continue;
      let fits = true;
      for (let k = 1; k < form.stems.length && fits; k++) fits = words[w + k]!.stem === form.stems[k] && SEPARATOR.test(text.slice(words[w + k - 1]!.end, words[w + k]!.start));
      if (fits) sites.push({ start: word.start, end: words[last]!.end, alternatives: form.alternatives });
    }
  });
  sites.sort((a, b) => a.start - b.start || b.end - a.end);

  const out: string[] = [];
  const seen = new Set<string>([text.replace(/\s+/g, "")]);
  let walked = 0;
  const emit = (chosen: readonly Site[], picks: readonly string[]) => {
    let variant = "";
    let at = 0;
    chosen.forEach((site, k) => {
      variant += `${text.slice(at, site.start)} ${picks[k]} `;
      at = site.end;
    });
    variant = (variant + text.slice(at)).trim().replace(/\s+/g, " ");
    const key = variant.replace(/\s+/g, "");
    if (!seen.has(key)) {
      seen.add(key);
      out.push(variant);
    }
  };
  // Every way to swap `size` sites that do not overlap, in order of place, with every pick of alternatives.
  const choose = (size: number, from: number, chosen: Site[], picks: string[]) => {
    if (out.length >= MAX_VARIANTS || walked >= MAX_WALKED) return;
    if (chosen.length === size) {
      walked += 1;
      emit(chosen, picks);
      return;
    }
    const after = chosen.at(-1)?.end ?? 0;
    for (let k = from; k < sites.length; k++) {
      const site = sites[k]!;
      if (site.start < after) continue;
      for (const alt of site.alternatives) choose(size, k + 1, [...chosen, site], [...picks, alt]);
    }
  };
  // Fewest swaps first: an answer mostly borrows a word or two from the other language.
  for (let size = 1; size <= sites.length && out.length < MAX_VARIANTS && walked < MAX_WALKED; size++) choose(size, 0, [], []);
  return out;
}
