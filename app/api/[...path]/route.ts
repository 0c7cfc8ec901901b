// Any path under /api/ that no other route answers: a JSON 404 rather than the HTML not-found page.
import { unknownApiPath } from "@/lib/http/api-fallbacks";

export const GET = unknownApiPath;
export const POST = unknownApiPath;
export const PUT = unknownApiPath;
export const PATCH = unknownApiPath;
export const DELETE = unknownApiPath;
