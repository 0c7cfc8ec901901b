import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { decodeUtf8, isJsonContentType, readBodyWithin, requireJsonContentType } from "./request-body";

const post = (body: BodyInit | null, headers: Record<string, string> = {}) =>
  new Request("http://127.0.0.1/", { method: "POST", body, headers, duplex: "half" } as RequestInit);

async function codeOf(work: () => unknown): Promise<string | undefined> {
  try {
    await work();
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
  return undefined;
}

describe("isJsonContentType", () => {
  it("takes application/json with any parameters and in any case, as Stripe and curl send it", () => {
    for (const header of ["application/json", "application/json; charset=utf-8", " Application/JSON ;charset=UTF-8"]) {
      expect(isJsonContentType(header), header).toBe(true);
    }
  });

  it("refuses every other type, and none at all", () => {
    for (const header of [
      null,
      "",
      "text/plain",
      "text/json",
      "application/jsonp",
      "application/vnd.api+json",
      "multipart/form-data; boundary=x",
      "application/x-www-form-urlencoded",
    ]) {
      expect(isJsonContentType(header), String(header)).toBe(false);
    }
  });

  it("answers 415 through requireJsonContentType, naming what was sent", async () => {
    expect(await codeOf(() => requireJsonContentType(post("{}", { "content-type": "text/plain" })))).toBe(
      "unsupported_media_type",
    );
    expect(await codeOf(() => requireJsonContentType(post("{}", { "content-type": "application/json" })))).toBe(
      undefined,
    );
  });
});

describe("readBodyWithin", () => {
  const chunks = (count: number, size: number) => {
    const pulled = { count: 0 };
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled.count === count) return controller.close();
        pulled.count += 1;
        controller.enqueue(new Uint8Array(size).fill(0x61));
      },
    });
    return { stream, pulled };
  };

  it("returns the bytes of a body up to the limit, exactly", async () => {
    const body = await readBodyWithin(post(chunks(4, 256).stream), 1024);
    expect(body.byteLength).toBe(1024);
    expect(new TextDecoder().decode(body)).toBe("a".repeat(1024));
    expect((await readBodyWithin(post(null), 10)).byteLength).toBe(0);
  });

  it("refuses a declared Content-Length over the limit without reading", async () => {
    const { stream, pulled } = chunks(100, 256);
    expect(await codeOf(() => readBodyWithin(post(stream, { "content-length": "4096" }), 1024))).toBe("too_large");
    expect(pulled.count).toBeLessThanOrEqual(1);
  });

  it("stops reading once the stream passes the limit, whatever Content-Length claimed", async () => {
    const { stream, pulled } = chunks(1000, 256);
    expect(await codeOf(() => readBodyWithin(post(stream, { "content-length": "10" }), 1024))).toBe("too_large");
    expect(pulled.count).toBeLessThanOrEqual(6);
  });
});

describe("decodeUtf8", () => {
  it("decodes UTF-8 as it is, a byte-order mark included", () => {
    expect(decodeUtf8(new TextEncoder().encode("héllo ✓"))).toBe("héllo ✓");
    expect(decodeUtf8(new Uint8Array([0xef, 0xbb, 0xbf, 0x7b, 0x7d]))).toBe("\ufeff{}");
  });

  it("refuses bytes that are not UTF-8 instead of replacing them", async () => {
    expect(await codeOf(() => decodeUtf8(new Uint8Array([0x7b, 0xff, 0x7d])))).toBe("validation");
    expect(await codeOf(() => decodeUtf8(new Uint8Array([0xed, 0xa0, 0x80])))).toBe("validation");
  });
});
