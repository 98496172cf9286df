import { NextRequest } from "next/server";
import { GET as getKnowledgeRoute } from "@/app/api/v1/knowledge/route";
import { POST as postRemedyRoute } from "@/app/api/v1/remedy/route";

async function call(response: Response) {
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : null };
}

/** POST /api/v1/remedy through the route handler, as Next.js would call it. */
export async function postRemedy(key: string, body: unknown) {
  const request = new NextRequest("http://localhost/api/v1/remedy", {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return call(await postRemedyRoute(request, { params: Promise.resolve({}) }));
}

export async function getKnowledge(key: string) {
  const request = new NextRequest("http://localhost/api/v1/knowledge", { headers: { authorization: `Bearer ${key}` } });
  return call(await getKnowledgeRoute(request, { params: Promise.resolve({}) }));
}

/** Polls until `check` passes or `timeoutMs` runs out; returns how long it took. */
export async function within<T>(timeoutMs: number, read: () => Promise<T>, check: (value: T) => boolean): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  for (;;) {
    const value = await read();
    if (check(value)) return { value, ms: Date.now() - started };
    if (Date.now() - started > timeoutMs) throw new Error(`not within ${timeoutMs} ms: ${JSON.stringify(value).slice(0, 300)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
