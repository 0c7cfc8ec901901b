import { AppError, invalid } from "@/lib/errors";

/** True for `application/json`, with any parameters (`; charset=utf-8`, as Stripe sends it). */
export function isJsonContentType(header: string | null): boolean {
  const mediaType = (header ?? "").split(";")[0]?.trim().toLowerCase();
  return mediaType === "application/json";
}

/** A 415 unless the request says its body is JSON. */
export function requireJsonContentType(request: Request): void {
  const header = request.headers.get("content-type");
  if (!isJsonContentType(header)) {
    throw new AppError(
      "unsupported_media_type",
      `the body must be sent as Content-Type: application/json${header ? `, not ${header}` : " (none was given)"}`,
    );
  }
}

const tooLarge = (maxBytes: number) =>
  new AppError("too_large", `the body is larger than ${formatBytes(maxBytes)}, the most this route accepts`);

function formatBytes(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MB` : `${bytes} bytes`;
}

/**
 * The body's bytes, refusing (413) one over `maxBytes` before it is read whole: at once when
 * Content-Length says so, otherwise as soon as the stream passes the limit — Content-Length may be
 * absent (chunked) or smaller than what follows, and an unbounded read would hold it all in memory.
 */
export async function readBodyWithin(request: Request, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  if (!request.body) return new Uint8Array(0);

  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      // Stop the sender instead of draining the rest.
      await reader.cancel().catch(() => undefined);
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * The body as text, or a 400 if it is not UTF-8 (JSON must be). Decoding leniently would turn
 * different invalid bytes into the same replacement character, so a signature checked on the text
 * would no longer cover the exact bytes sent.
 */
export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    throw invalid("the body is not UTF-8 text");
  }
}
