// Every admin page needs a session. The admin layout checks it too, but a layout does not run
// again on in-app navigation (nor for a page's server-components payload), so the wall is here,
// in front of every request for a page. The JSON API (bearer token) and the webhook (Stripe's
// signature) authenticate themselves; the login page is the way in.
import { NextResponse, type NextRequest } from "next/server";
import { SESSION_COOKIE, verifySessionToken } from "@/lib/auth/session";
import { getConfig } from "@/lib/config";

export function proxy(request: NextRequest): NextResponse {
  const token = request.cookies.get(SESSION_COOKIE)?.value;
  if (verifySessionToken(getConfig().adminPassword, token, new Date())) return NextResponse.next();
  return NextResponse.redirect(new URL("/login", request.url));
}

export const config = {
  matcher: ["/((?!login$|api/|_next/|favicon\\.ico$).*)"],
};
