// POST /api/bench/floor — the benchmark's floor: a bare handler in the same build that answers 200.
// It exists only while BENCH_FLOOR_ROUTE=1 (set by `npm run bench`); otherwise it is a 404 like any unknown path.
import { apiFallback, refuseOtherMethods, unknownApiPath } from "@/lib/http/api-fallbacks";

const on = () => process.env.BENCH_FLOOR_ROUTE === "1";

export async function POST(request: Request): Promise<Response> {
  if (!on()) return unknownApiPath(request);
  await request.text();
  return Response.json({ received: true });
}

const refused = refuseOtherMethods("POST");
const refuse = (method: keyof typeof refused) =>
  apiFallback((request: Request) => (on() ? refused[method](request) : unknownApiPath(request)));

export const GET = refuse("GET");
export const PUT = refuse("PUT");
export const PATCH = refuse("PATCH");
export const DELETE = refuse("DELETE");
