/** Browser-side calls to /api/v1 with the session cookie, and the API's one error shape. */
export type ApiIssue = { path: string; message: string };
export type ApiFailure = { code: string; message: string; issues: ApiIssue[] };
export type ApiResult<T> = { ok: true; status: number; data: T } | { ok: false; status: number; error: ApiFailure };

type ErrorBody = { error?: { code?: string; message?: string; details?: { issues?: ApiIssue[] } } };

export async function callApi<T>(url: string, init: { method?: string; json?: unknown } = {}): Promise<ApiResult<T>> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: init.method ?? (init.json === undefined ? "GET" : "POST"),
      headers: init.json === undefined ? {} : { "content-type": "application/json" },
      body: init.json === undefined ? undefined : JSON.stringify(init.json),
    });
  } catch {
    return { ok: false, status: 0, error: { code: "NETWORK", message: "", issues: [] } };
  }
  const body = (await res.json().catch(() => null)) as unknown;
  if (res.ok) return { ok: true, status: res.status, data: body as T };
  const e = (body as ErrorBody | null)?.error;
  return { ok: false, status: res.status, error: { code: e?.code ?? "INTERNAL", message: e?.message ?? "", issues: e?.details?.issues ?? [] } };
}

/** Field errors keyed by the first segment of each issue's path ("questions.0.minutes" -> "questions"). */
export function fieldErrors(error: ApiFailure): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of error.issues) {
    const key = i.path.split(".")[0] ?? "(root)";
    out[key] ??= i.path.includes(".") ? `${i.path}: ${i.message}` : i.message;
  }
  return out;
}
