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
