import { AppError, type AppErrorCode } from "@/lib/errors";
import { getLogger, type Logger } from "@/lib/log/logger";

const STATUS: Record<AppErrorCode, number> = {
  validation: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  unsupported_media_type: 415,
  unavailable: 503,
};

export function jsonError(status: number, message: string, issues?: unknown[]): Response {
  return Response.json({ error: { message, ...(issues?.length ? { issues } : {}) } }, { status });
}

/**
 * The one place errors become HTTP: an AppError says what went wrong and keeps its message; anything
 * else is a bug, logged with its context and answered with a generic 500 that shows no internals.
 */
export function errorResponse(error: unknown, context: string, log: Logger = getLogger()): Response {
  if (error instanceof AppError) return jsonError(STATUS[error.code], error.message, error.issues);
  log.error({ route: context, err: error }, "request failed");
  return jsonError(500, "internal error: the request was not completed; see the server log");
}

/** The body as JSON, or a 400 that says it is not. */
export async function readJsonBody(request: Request): Promise<unknown> {
  const text = await request.text();
  if (!text.trim()) return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError("validation", "the request body is not valid JSON");
  }
}
