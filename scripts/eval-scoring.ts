import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { max, mean, min, sampleStandardDeviation } from "simple-statistics";
import { z } from "zod";
import { writeCsv } from "@/lib/scoring/csv";
import { readDataset, type DatasetRow } from "@/lib/scoring/dataset";
import { bankQuestionFor, loadBankQuestions } from "@/server/scoring/bank-questions";
import { scoreAnswerSync, type ScoringQuestion } from "@/lib/scoring/engine";
import { calibratePredictions, evaluateCalibrationSplit } from "@/lib/scoring/evaluate";
import { measureAgreement } from "@/lib/scoring/metrics";
import { crossValidate } from "@/lib/scoring/train";
import { calibratorsPerFold } from "@/lib/scoring/train-calibration";

/**
 * `npm run -s eval:scoring -- --dataset FILE.csv [--calibrate-with FILE2.csv] [--calibration-split 11 [--calibration-draws 20]]
 * [--holdout-folds 5] [--peers] [--bank questions] [--predictions OUT.csv] [--json]`. Scores every answer of FILE with the engine
 * (or, with --holdout-folds, with weights retrained per fold on the other questions: the honest zero-shot
 * number on a training set) and prints agreement with score_avg. With --json the last line is one JSON object.
 * --calibration-draws N also calibrates on N - 1 other, equally fair choices of the graded answers and
 * prints the spread of the calibrated Pearson (one draw of 11 answers per question is a noisy sample);
 * the reported numbers stay those of the first draw.
 */

const { values } = parseArgs({
  options: {
    dataset: { type: "string" },
    "calibrate-with": { type: "string" },
    "calibration-split": { type: "string" },
    "calibration-draws": { type: "string" },
    "holdout-folds": { type: "string" },
    predictions: { type: "string" },
    json: { type: "boolean", default: false },
    // Score each answer with the other answers of its id as unlabeled peers (their grades are never read).
    peers: { type: "boolean", default: false },
    // A question bank folder: rows whose id is a bank question are scored with its key points and rubric.
    bank: { type: "string" },
  },
});
const USAGE = "usage: eval:scoring -- --dataset FILE.csv [--calibrate-with FILE2.csv] [--calibration-split N [--calibration-draws D]] [--holdout-folds K] [--peers] [--bank DIR] [--predictions OUT.csv] [--json]";
if (!values.dataset) {
  console.error(USAGE);
  process.exit(2);
}
const ZCounts = z.object({
  "calibration-split": z.coerce.number().int().min(1).max(1000).optional(),
  "calibration-draws": z.coerce.number().int().min(1).max(200).default(1),
  "holdout-folds": z.coerce.number().int().min(2).max(50).optional(),
});
const counts = ZCounts.safeParse({ "calibration-split": values["calibration-split"], "calibration-draws": values["calibration-draws"], "holdout-folds": values["holdout-folds"] });
if (!counts.success) {
  console.error(`eval:scoring: ${counts.error.issues.map((i) => `--${i.path.join(".")} ${i.message}`).join("; ")}\n${USAGE}`);
  process.exit(2);
}
if (counts.data["calibration-draws"] > 1 && !counts.data["calibration-split"]) {
  console.error(`eval:scoring: --calibration-draws needs --calibration-split\n${USAGE}`);
  process.exit(2);
}
// npm runs scripts from the package root; paths are taken relative to where the user typed the command.
const base = process.env.INIT_CWD ?? process.cwd();
const load = (file: string) => readDataset(fs.readFileSync(path.resolve(base, file), "utf8"));
const { header, rows } = load(values.dataset);

const bank = values.bank ? loadBankQuestions({ dir: path.resolve(base, values.bank) }) : undefined;
const question = (r: DatasetRow): ScoringQuestion => (bank ? bankQuestionFor(bank, r.id, r.question) : undefined) ?? { prompt: r.question, referenceAnswer: r.reference };
const peersOf = (r: DatasetRow, list: readonly DatasetRow[]) => (values.peers ? { peerAnswers: list.filter((p) => p.id === r.id && p.index !== r.index).map((p) => p.answer) } : {});
const engineScores = (list: readonly DatasetRow[]) => {
  const times: number[] = [];
  const scores = list.map((r) => {
    const t = performance.now();
    const s = scoreAnswerSync({ question: question(r), answer: r.answer, ...peersOf(r, list) }).overall5;
    times.push(performance.now() - t);
    return s;
  });
  return { scores, times };
};

// Timing always comes from the shipped engine, one answer at a time, as the server would score.
const { scores: shipped, times } = engineScores(rows);
const sorted = [...times].sort((a, b) => a - b);
const p50 = sorted[Math.floor(sorted.length / 2)] ?? 0;
const msPerAnswer = Math.round((times.reduce((s, t) => s + t, 0) / Math.max(1, times.length)) * 100) / 100;

const folds = counts.data["holdout-folds"] ?? 0;
let predictions = folds > 1 ? crossValidate({ rows, folds, dataset: values.dataset, peers: values.peers }).predictions : shipped;
let mode = `lexical${values.peers ? "+peers" : ""}${bank ? "+bank" : ""}${folds > 1 ? `/holdout-${folds}` : ""}`;
let evaluated = rows.map((r) => r.index);

if (values["calibrate-with"]) {
  const other = load(values["calibrate-with"]).rows;
  predictions = calibratePredictions({ rows, predictions, fitRows: other, fitPredictions: engineScores(other).scores });
  mode += "+calibrated";
}
const split = counts.data["calibration-split"] ?? 0;
const draws = counts.data["calibration-draws"];
let spread: { draws: number; pearsonMean: number; pearsonSd: number; pearsonMin: number; pearsonMax: number } | undefined;
// Without peers first, as train:scoring passes them: the calibrator's seeded draws then match.
const orderedSets = (mine: number[], other: number[]) => (values.peers ? [other, mine] : [mine, other]);
if (split > 0) {
  // With questions held out, the learned calibrator is held out too: per fold, trained on the other folds'
  // questions with their held-out scores, with and without peers, as the shipped one is trained.
  const calibratorFor =
    folds > 1
      ? calibratorsPerFold({ rows, folds, dataset: values.dataset, predictionSets: orderedSets(predictions, crossValidate({ rows, folds, dataset: values.dataset, peers: !values.peers }).predictions) })
      : undefined;
  const result = evaluateCalibrationSplit({ rows, predictions, perQuestion: split, calibratorFor });
  if (!values.json) console.log(`before calibration on the same ${result.before.n} answers: pearson ${result.before.pearson} spearman ${result.before.spearman}`);
  if (draws > 1) {
    const pearsons = [result.after.pearson];
    for (let d = 1; d < draws; d++) pearsons.push(evaluateCalibrationSplit({ rows, predictions, perQuestion: split, calibratorFor, draw: d }).after.pearson);
    const r3 = (x: number) => Math.round(x * 1000) / 1000;
    spread = { draws, pearsonMean: r3(mean(pearsons)), pearsonSd: r3(sampleStandardDeviation(pearsons)), pearsonMin: r3(min(pearsons)), pearsonMax: r3(max(pearsons)) };
    if (!values.json) console.log(`calibrated pearson over ${draws} draws of ${split} graded answers per question (draw 1 is the one reported below): ${pearsons.map(r3).join(" ")}; mean ${spread.pearsonMean} sd ${spread.pearsonSd} min ${spread.pearsonMin} max ${spread.pearsonMax}`);
  }
  predictions = result.calibrated;
  evaluated = result.evaluate;
  mode += `+calibration-split-${split}`;
}

const agreement = measureAgreement(evaluated.map((i) => predictions[i]!), evaluated.map((i) => rows[i]!.human));
if (values.predictions) {
  const out = [[...header, "predicted"], ...rows.map((r) => [...header.map((h) => r.record[h] ?? ""), (Math.round(predictions[r.index]! * 100) / 100).toString()])];
  fs.writeFileSync(path.resolve(base, values.predictions), writeCsv(out));
}
const summary = { ...agreement, msPerAnswer, p50Ms: Math.round(p50 * 100) / 100, mode, ...(spread ? { calibrationDraws: spread } : {}) };
console.log(`n ${summary.n}  pearson ${summary.pearson}  spearman ${summary.spearman}  qwk ${summary.qwk}  rmse ${summary.rmse}  ms/answer ${msPerAnswer} (p50 ${summary.p50Ms})  mode ${mode}`);
if (values.json) console.log(JSON.stringify(summary));
