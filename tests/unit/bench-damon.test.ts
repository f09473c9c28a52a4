import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { damonMonitors } from "../../scripts/bench-realtime/processes";

const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

/** A kdamonds folder laid out like /sys/kernel/mm/damon/admin/kdamonds. */
function kdamonds(monitors: Record<string, { state: string; pid: string; sampleUs?: string }>): string {
  const root = mkdtempSync(path.join(tmpdir(), "kdamonds-"));
  roots.push(root);
  writeFileSync(path.join(root, "nr_kdamonds"), String(Object.keys(monitors).length));
  for (const [id, m] of Object.entries(monitors)) {
    const ctx = path.join(root, id, "contexts", "0");
    mkdirSync(path.join(ctx, "monitoring_attrs", "intervals"), { recursive: true });
    mkdirSync(path.join(ctx, "schemes", "0"), { recursive: true });
    writeFileSync(path.join(root, id, "state"), `${m.state}\n`);
    writeFileSync(path.join(root, id, "pid"), `${m.pid}\n`);
    writeFileSync(path.join(ctx, "operations"), "paddr\n");
    if (m.sampleUs) writeFileSync(path.join(ctx, "monitoring_attrs", "intervals", "sample_us"), `${m.sampleUs}\n`);
    writeFileSync(path.join(ctx, "schemes", "0", "action"), "pageout\n");
  }
  return root;
}

describe("bench:realtime's DAMON report", () => {
  it("lists the monitors that are on, with their pid, sampling interval and scheme", () => {
    const root = kdamonds({ "0": { state: "on", pid: "77", sampleUs: "500000" }, "1": { state: "off", pid: "-1", sampleUs: "5000" } });
    expect(damonMonitors(root)).toEqual([{ pid: 77, describe: "paddr monitoring, sampling every 500 ms, scheme action pageout" }]);
  });

  it("says nothing where the kernel has no DAMON, or a monitor has no thread yet", () => {
    expect(damonMonitors(path.join(tmpdir(), "no-such-kdamonds-folder"))).toEqual([]);
    expect(damonMonitors(kdamonds({ "0": { state: "on", pid: "-1", sampleUs: "500000" } }))).toEqual([]);
  });
});
