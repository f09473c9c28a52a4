import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { parseCsv, parseCsvRecords, writeCsv } from "@/lib/scoring/csv";
import { groupFolds, readDataset } from "@/lib/scoring/dataset";
import { measureAgreement, pearson, quadraticWeightedKappa, ranks, rmse, spearman } from "@/lib/scoring/metrics";

describe("CSV", () => {
  it("reads quoted fields with commas, doubled quotes, line breaks and CRLF", () => {
    const text = 'a,b,c\r\n1,"x, y","he said ""hi"""\r\n2,"two\nlines",\r\n';
    expect(parseCsv(text)).toEqual([["a", "b", "c"], ["1", "x, y", 'he said "hi"'], ["2", "two\nlines", ""]]);
  });

  it("writes what it reads", () => {
    const rows = [["id", "text"], ["1", 'comma, "quote"\nnewline'], ["2", "plain"]];
    expect(parseCsv(writeCsv(rows))).toEqual(rows);
  });

  it("keys records by header and ignores a byte order mark", () => {
    expect(parseCsvRecords("\ufeffid,x\n7,8\n").records).toEqual([{ id: "7", x: "8" }]);
  });
});

describe("metrics", () => {
  it("computes Pearson and Spearman like the hand calculation", () => {
    // x = 1,2,3,4 ; y = 1,3,2,4: means 2.5, Σdxdy = 4, Σdx² = Σdy² = 5 → r = 0.8
    expect(pearson([1, 2, 3, 4], [1, 3, 2, 4])).toBeCloseTo(0.8, 10);
    // Monotone but not linear: Spearman 1, Pearson below 1.
    expect(spearman([1, 2, 3, 4], [1, 4, 9, 100])).toBeCloseTo(1, 10);
    expect(pearson([1, 2, 3, 4], [1, 4, 9, 100])).toBeLessThan(0.95);
    expect(ranks([10, 20, 20, 30])).toEqual([1, 2.5, 2.5, 4]);
    expect(pearson([1, 1, 1], [1, 2, 3])).toBe(0);
  });

  it("computes quadratic weighted kappa on rounded grades", () => {
    expect(quadraticWeightedKappa([0, 1, 2, 3, 4, 5], [0, 1, 2, 3, 4, 5])).toBeCloseTo(1, 10);
    // Predictions 4.6 and 0.4 round to 5 and 0: the same grades as the humans.
    expect(quadraticWeightedKappa([4.6, 0.4], [5, 0])).toBeCloseTo(1, 10);
    // Hand calculation: x = 0,0,5,5 vs y = 0,5,0,5; observed off-diagonal weight 2, expected 2 → κ = 0.
    expect(quadraticWeightedKappa([0, 0, 5, 5], [0, 5, 0, 5])).toBeCloseTo(0, 10);
    // Fully reversed: κ = -1.
    expect(quadraticWeightedKappa([0, 5], [5, 0])).toBeCloseTo(-1, 10);
  });

  it("computes RMSE and a rounded summary", () => {
    expect(rmse([1, 2, 3], [1, 2, 6])).toBeCloseTo(Math.sqrt(3), 10);
    expect(measureAgreement([1, 2, 3, 4], [1, 3, 2, 4])).toEqual({ n: 4, pearson: 0.8, spearman: 0.8, qwk: expect.any(Number) as number, rmse: 0.7071 });
  });
});

describe("dataset", () => {
  const csv = [
    "id,question,desired_answer,student_answer,score_me,score_avg",
    '1.1,"What is X?","X is a thing, really.","a thing",5,4.5',
    '1.1,"What is X?","X is a thing, really.","no idea",1,0.5',
    '2.3,"Why Y?","Because Z.","because z",5,5',
    '4.1,"How W?","Like V.","like v",4,4',
  ].join("\r\n");

  it("reads the eval columns and ignores the others", () => {
    const { rows } = readDataset(csv);
    expect(rows).toHaveLength(4);
    expect(rows[0]).toMatchObject({ id: "1.1", reference: "X is a thing, really.", answer: "a thing", human: 4.5 });
  });

  it("holds out whole questions: answers of one question never split across folds", () => {
    const { rows } = readDataset(csv);
    const folds = groupFolds(rows, 2);
    expect(folds[0]).toBe(folds[1]);
    expect(new Set(folds)).toEqual(new Set([0, 1]));
  });

  it("names a missing column", () => {
    expect(() => readDataset("id,question\n1,2\n")).toThrow(/desired_answer/);
  });
});

describe("eval:scoring command line", () => {
  const run = (args: string[]) => spawnSync(process.execPath, ["--import", "tsx", "scripts/eval-scoring.ts", "--dataset", "tests/fixtures/scoring/zh-graded.csv", ...args], { encoding: "utf8", timeout: 60_000 });

  it("--calibration-draws reports the spread of the calibrated Pearson over other choices of the graded answers", () => {
    const r = run(["--calibration-split", "3", "--calibration-draws", "4", "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout.trim().split("\n").at(-1) ?? "") as { pearson: number; calibrationDraws: { draws: number; pearsonMean: number; pearsonSd: number; pearsonMin: number; pearsonMax: number } };
    const d = out.calibrationDraws;
    expect(d.draws).toBe(4);
    expect(d.pearsonMin).toBeLessThanOrEqual(d.pearsonMean);
    expect(d.pearsonMean).toBeLessThanOrEqual(d.pearsonMax);
    // The reported number is the first draw's, which lies within the spread.
    expect(out.pearson).toBeGreaterThanOrEqual(d.pearsonMin - 0.001);
    expect(out.pearson).toBeLessThanOrEqual(d.pearsonMax + 0.001);
  }, 60_000);

  it("refuses a bad count, or draws without a split, naming the flag", () => {
    const zero = run(["--calibration-split", "3", "--calibration-draws", "0"]);
    expect(zero.status).toBe(2);
    expect(zero.stderr).toMatch(/--calibration-draws/);
    const alone = run(["--calibration-draws", "5"]);
    expect(alone.status).toBe(2);
    expect(alone.stderr).toMatch(/--calibration-draws needs --calibration-split/);
  }, 60_000);
});
