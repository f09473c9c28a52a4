import fs from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { ZQuestionFile } from "../../lib/questions/schema";
import type { ScoringQuestion } from "../../lib/scoring/engine";

/**
 * The question bank as the eval sees it: `--bank questions` gives the rows whose id is a bank question
 * the bank's authored key points and rubric, as the product always has them for bank questions. Node
 * only (reads files); the engine itself stays free of I/O.
 */

export type BankIndex = Map<string, ScoringQuestion>;

export function loadBankQuestions(opts: { dir: string }): BankIndex {
  const index: BankIndex = new Map();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(zh|en)\.ya?ml$/.test(entry.name)) {
        const q = ZQuestionFile.parse(YAML.parse(fs.readFileSync(full, "utf8")));
        index.set(`${q.id}.${q.lang}`, { prompt: q.prompt, referenceAnswer: q.referenceAnswer, lang: q.lang, keyPoints: q.keyPoints, rubric: q.rubric });
      }
    }
  };
  walk(opts.dir);
  return index;
}

/** The bank's version of a dataset row's question, in the language of the row's question text. */
export function bankQuestionFor(index: BankIndex, id: string, questionText: string): ScoringQuestion | undefined {
  const lang = /\p{Script=Han}/u.test(questionText) ? "zh" : "en";
  return index.get(`${id}.${lang}`);
}
