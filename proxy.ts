// In front of every request for a page, and so of every server action (a POST to a page's URL):
// 1. A write from another site is refused (403), the login form included: the admin's browser must
//    not be made to act, or to log in, by someone else's page.
// 2. A request for an admin page without a session cookie goes to the login page. Whether the cookie
//    opens a live session is the page's own check (requireUser, against the sessions table), and
//    every server action's (runAdminAction): this is only the cheap first wall.
// The JSON API (bearer token: a cookie never opens it, so a cross-site request cannot use it),
// /metrics (its own token) and the webhook (Stripe's signature) authenticate themselves; the login
// page, single sign-on's return and an invitation link are the ways in.
import { NextResponse, type NextRequest } from "next/server";
import { isCrossSiteWrite } from "@/lib/auth/cross-site";
import { SESSION_COOKIE } from "@/lib/auth/sessions";

const WAYS_IN = /^\/(login(\/sso\/[a-z]+)?|invite\/[^/]+)$/;

export function proxy(request: NextRequest): NextResponse {
  if (isCrossSiteWrite(request.method, request.headers)) {
    return new NextResponse("Refused: changes can only be made from this app's own pages.\n", {
      status: 403,
      headers: { "content-type": "text/plain; charset=utf-8" },
    });
  }
  if (WAYS_IN.test(request.nextUrl.pathname)) return NextResponse.next();
  if (request.cookies.get(SESSION_COOKIE)?.value) return NextResponse.next();
  return NextResponse.redirect(new URL("/login", request.url));
}

export const config = {
  // The icon too: the login page shows it to a visitor without a session.
  matcher: ["/((?!api/|_next/|favicon\\.ico$|icon\\.svg$|metrics$).*)"],
};
