// GET /login/sso/start — off to the identity provider; what the callback must check is kept in a cookie.
import { NextResponse } from "next/server";
import { requestOrigin } from "@/lib/http/request-origin";
import { SSO_PENDING_COOKIE, encodePending } from "@/lib/auth/sso-pending";
import { getEngine } from "@/lib/engine/engine";
import { beginSignIn, SsoError } from "@/lib/sso/oidc-client";

export async function GET(request: Request): Promise<Response> {
  const engine = getEngine();
  const origin = requestOrigin(request.headers, new URL(request.url).origin);
  const sso = engine.config.sso;
  if (!sso) return NextResponse.redirect(new URL("/login", origin));
  try {
    const { url, pending } = await beginSignIn(sso, `${origin}/login/sso/callback`);
    const response = NextResponse.redirect(url);
    response.cookies.set(SSO_PENDING_COOKIE, encodePending(pending), {
      httpOnly: true,
      sameSite: "lax",
      secure: origin.startsWith("https:"),
      path: "/login/sso",
      maxAge: 600,
    });
    return response;
  } catch (error) {
    const reason = error instanceof SsoError ? error.reason : "the identity provider could not be reached";
    engine.log.error({ err: error, issuer: sso.issuer }, `single sign-on could not start: ${reason}`);
    return NextResponse.redirect(new URL(`/login?ssoError=${encodeURIComponent(reason)}`, origin));
  }
}
