/**
 * `--profile`: a V8 CPU profile of a server under test over the measurement window only (not its
 * start-up and the clients' joins). SIGUSR2 starts the profiler, the next SIGUSR2 writes
 * <dir>/<label>-<n>.cpuprofile (open it in Chrome DevTools' Performance panel).
 */
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import path from "node:path";

export function profileOnSignal(dir: string, label: string): void {
  const session = new Session();
  session.connect();
  let running = false;
  let n = 0;
  process.on("SIGUSR2", () => {
    const toggle = async () => {
      if (!running) {
        running = true;
        await session.post("Profiler.enable");
        await session.post("Profiler.setSamplingInterval", { interval: 200 });
        await session.post("Profiler.start");
        return;
      }
      running = false;
      const { profile } = await session.post("Profiler.stop");
      writeFileSync(path.join(dir, `${label}-${++n}.cpuprofile`), JSON.stringify(profile));
    };
    toggle().catch((err: unknown) => console.error("profiler failed:", err));
  });
}
