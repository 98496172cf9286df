import type { z } from "zod";
import { errorReport } from "@/lib/schemas/interactions";
import { UserError } from "../errors";

/**
 * Reads a request body into one buffer of its own (transferable to a worker
 * thread), refusing it as soon as it passes `limit` bytes.
 */
export async function readBody(
  request: Request,
  limit: number,
): Promise<{ ok: true; bytes: Uint8Array } | { ok: false; status: 400 | 413; message: string }> {
  const tooLarge = { ok: false as const, status: 413 as const, message: `The body is larger than ${limit / 1024 / 1024} MiB. Send smaller batches.` };
  const declared = Number(request.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > limit) return tooLarge;
  if (!request.body) return { ok: false, status: 400, message: "The body is empty: send JSON." };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return tooLarge;
    }
    chunks.push(value);
  }
  if (size === 0) return { ok: false, status: 400, message: "The body is empty: send JSON." };
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { ok: true, bytes };
}

/**
 * A JSON body parsed with a zod schema, for ops routes: any problem is a
 * UserError naming the field (400), or 413 past the limit.
 */
export async function parseJsonBody<S extends z.ZodType>(request: Request, schema: S, limit = 1024 * 1024, { optional = false } = {}): Promise<z.output<S>> {
  const body = await readBody(request, limit);
  const empty = !body.ok && body.status === 400 && optional;
  if (!body.ok && !empty) throw new UserError(body.message, body.status);
  let raw: unknown;
  try {
    raw = body.ok ? JSON.parse(new TextDecoder().decode(body.bytes)) : {};
  } catch (error) {
    throw new UserError(`The body is not valid JSON: ${(error as Error).message}`, 400);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const report = errorReport(undefined, "(body)");
    for (const issue of parsed.error.issues) {
      if (issue.code === "unrecognized_keys") for (const key of issue.keys) report.add(key, "is not a field of this request");
      else report.add(issue.path.join(".") || "(body)", issue.message);
    }
    const fields: Record<string, string> = {};
    for (const { field, message } of report.list()) fields[field] ??= message;
    const [field, message] = Object.entries(fields)[0] ?? ["(body)", "is invalid"];
    throw new UserError(`The request is not valid: ${field} ${message}.`, 400, fields);
  }
  return parsed.data;
}
