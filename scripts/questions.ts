// `npm run questions -- <command>`: the logic lives in server/bank/questions-cli.ts so tests can drive it.
import { runQuestionsCli } from "../server/bank/questions-cli";

// `list | head` closes the pipe early; that is the reader's choice, not a failure.
process.stdout.on("error", (err: NodeJS.ErrnoException) => {
  if (err.code !== "EPIPE") throw err;
  process.exit(0);
});
const io = { stdout: (s: string) => process.stdout.write(s), stderr: (s: string) => process.stderr.write(s), env: process.env };
process.exitCode = await runQuestionsCli(process.argv.slice(2), io);
