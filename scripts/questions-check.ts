// Minimal validator for the question bank (the full `npm run questions` CLI builds on the same loader).
import path from "node:path";
import { loadQuestionBank } from "../server/bank/load-question-bank";

const dir = path.resolve(process.argv[2] ?? "questions");
const { questions, problems } = await loadQuestionBank({ dir });
for (const p of problems) console.error(`${p.file}: ${p.field}: ${p.message}`);
const byLang = new Map<string, number>();
for (const { question } of questions) byLang.set(question.lang, (byLang.get(question.lang) ?? 0) + 1);
console.log(`${questions.length} files valid (${[...byLang].map(([l, n]) => `${l}: ${n}`).join(", ")}), ${problems.length} problems`);
process.exit(problems.length ? 1 : 0);
