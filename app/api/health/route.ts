import { NextResponse } from "next/server";
import { checkHealth } from "@/server/runtime/check-health";
import { getRuntime } from "@/server/runtime/runtime";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  const health = await checkHealth(getRuntime());
  return NextResponse.json(health, { status: health.database.ok ? 200 : 503, headers: { "cache-control": "no-store" } });
}
