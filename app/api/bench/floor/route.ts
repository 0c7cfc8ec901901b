// POST /api/bench/floor — the benchmark's floor: a bare handler in the same build that answers 200.
// It exists only while BENCH_FLOOR_ROUTE=1 (set by `npm run bench`); otherwise it is a 404 like any unknown path.
export async function POST(request: Request): Promise<Response> {
  if (process.env.BENCH_FLOOR_ROUTE !== "1") return new Response("Not Found", { status: 404 });
  await request.text();
  return Response.json({ received: true });
}
