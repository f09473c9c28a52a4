import pino, { type Logger } from "pino";

export type { Logger };

export function createLogger({ level, name = "mockroom" }: { level: string; name?: string }): Logger {
  return pino({ name, level, base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime });
}
