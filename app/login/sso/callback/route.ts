// GET /login/sso/callback — the identity provider sends the person back here with a code.
import { NextResponse } from "next/server";
import { loginClientAddress } from "@/lib/auth/login-throttle";
import { requestOrigin } from "@/lib/http/request-origin";
import { sessionCookieOptions } from "@/lib/auth/session-cookie";
import { createSession, SESSION_COOKIE } from "@/lib/auth/sessions";
import { loginWithSso } from "@/lib/auth/sso-login";
import { decodePending, SSO_PENDING_COOKIE } from "@/lib/auth/sso-pending";
import { getEngine } from "@/lib/engine/engine";
import { completeSignIn, SsoError } from "@/lib/sso/oidc-client";

export async function GET(request: Request): Promise<Response> {
  const engine = getEngine();
  const origin = requestOrigin(request.headers, new URL(request.url).origin);
  const back = (reason: string) => {
    const response = NextResponse.redirect(new URL(`/login?ssoError=${encodeURIComponent(reason)}`, origin));
    response.cookies.delete({ name: SSO_PENDING_COOKIE, path: "/login/sso" });
    return response;
  };
  const sso = engine.config.sso;
  if (!sso) return NextResponse.redirect(new URL("/login", origin));
  const cookie = request.headers.get("cookie") ?? "";
  const pending = decodePending(
    cookie
      .split(";")
      .map((part) => part.trim())
      .find((part) => part.startsWith(`${SSO_PENDING_COOKIE}=`))
      ?.slice(SSO_PENDING_COOKIE.length + 1),
  );
  if (!pending) return back("the sign-in took too long or was started in another browser; try again");
  let identity;
  try {
    identity = await completeSignIn(sso, `${origin}/login/sso/callback`, new URL(request.url), pending);
  } catch (error) {
    const reason = error instanceof SsoError ? error.reason : "the identity provider's answer could not be checked";
    engine.log.warn(
      { issuer: sso.issuer, detail: error instanceof SsoError ? error.detail : String(error) },
      `single sign-on refused: ${reason}`,
    );
    return back(reason);
  }
  const login = await loginWithSso(engine, sso, identity, loginClientAddress(request.headers));
  if (!login.ok) {
    return back(login.error.replace(/^Single sign-on refused: /, "").replace(/\.$/, ""));
  }
  const session = await createSession(engine.db, { userId: login.userId, method: "sso", now: engine.now() });
  const response = NextResponse.redirect(new URL("/automations", origin));
  response.cookies.delete({ name: SSO_PENDING_COOKIE, path: "/login/sso" });
  response.cookies.set(SESSION_COOKIE, session.token, sessionCookieOptions(origin.startsWith("https:")));
  return response;
}
