// In front of every request for a page, and so of every server action (a POST to a page's URL):
// 1. A write from another site is refused (403), the login form included: the admin's browser must
//    not be made to act, or to log in, by someone else's page.
// 2. Every admin page needs a session. The admin layout checks it too, but a layout does not run
//    again on in-app navigation (nor for a page's server-components payload), so the wall is here.
// The JSON API (bearer token: a cookie never opens it, so a cross-site request cannot use it) and
// the webhook (Stripe's signature) authenticate themselves; the login page is the way in.
import { NextResponse, type NextRequest } from "next/server";
import { isCrossSiteWrite } from "@/lib/auth/cross-site";
import { SESSION_COOKIE, verifySessionToken } from "@/lib/auth/session";
import { getConfig } from "@/lib/config";

export function proxy(request: NextRequest): NextResponse {
  if (isCrossSiteWrite(request.method, request.headers)) {
    return new NextResponse("Refused: changes can only be made from this app's own pages.\n", {
      status: 403,
      headers: { "content-type": "text/plain; charset=utf-8" },
    });
  }
  if (request.nextUrl.pathname === "/login") return NextResponse.next();
  const token = request.cookies.get(SESSION_COOKIE)?.value;
  if (verifySessionToken(getConfig().adminPassword, token, new Date())) return NextResponse.next();
  return NextResponse.redirect(new URL("/login", request.url));
}

export const config = {
  matcher: ["/((?!api/|_next/|favicon\\.ico$).*)"],
};
