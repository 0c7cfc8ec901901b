// The Stripe-compatible server, the SMTP server and a Slack-compatible webhook as a process of their
// own, for the browser suite's live server (playwright.config.ts), with a small control surface on a
// third port that the browser tests use to seed Stripe objects, inject a fault, read the mail and the
// Slack messages — what an integration test does in process. The control port also receives the
// live server's signed HTTP requests (POST /receive/<anything>), kept for GET /received.
// It also runs the OpenID provider the servers' single sign-on signs in with; POST /oidc-account
// names the account its next sign-in page offers.
//   STRIPE_PORT, SMTP_PORT, CONTROL_PORT, OIDC_PORT: where each listens (127.0.0.1).
//   OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_REDIRECT_URIS (comma-separated): the one client.
import http from "node:http";
import { startOidcProvider, type OidcTestAccount } from "./oidc-provider";
import { startSlackServer } from "./slack-server";
import { startSmtpServer } from "./smtp-server";
import { startStripeServer, type StripeFault } from "./stripe-server";

const port = (name: string) => {
  const value = Number(process.env[name]);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a port number`);
  return value;
};

const stripe = await startStripeServer({ port: port("STRIPE_PORT") });
const smtp = await startSmtpServer({ port: port("SMTP_PORT") });
const slack = await startSlackServer();
const oidc = await startOidcProvider({
  port: port("OIDC_PORT"),
  clients: [
    {
      client_id: process.env.OIDC_CLIENT_ID ?? "",
      client_secret: process.env.OIDC_CLIENT_SECRET ?? "",
      redirect_uris: (process.env.OIDC_REDIRECT_URIS ?? "").split(","),
    },
  ],
});
const received: Array<{ path: string; headers: http.IncomingHttpHeaders; body: string }> = [];

async function rawBody(request: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

async function body(request: http.IncomingMessage): Promise<Record<string, unknown>> {
  const text = await rawBody(request);
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

const control = http.createServer((request, response) => {
  const answer = (status: number, json: unknown) => {
    response.writeHead(status, { "content-type": "application/json" });
    response.end(JSON.stringify(json));
  };
  void (async () => {
    try {
      const route = `${request.method} ${request.url}`;
      if (route === "GET /health") return answer(200, { stripe: stripe.url, smtp: smtp.url });
      if (route === "POST /seed") return answer(200, stripe.seed.objects(await body(request)));
      if (route === "POST /fail-next") {
        const { matcher, fault, times } = (await body(request)) as {
          matcher: { method?: string; path?: string };
          fault: StripeFault;
          times?: number;
        };
        stripe.failNext(matcher, fault, times);
        return answer(200, { armed: true });
      }
      if (route === "GET /mail") return answer(200, smtp.messages);
      if (route === "POST /slack-webhook") return answer(200, { url: slack.issueWebhookUrl() });
      if (route === "GET /slack") return answer(200, slack.messages());
      if (request.method === "POST" && request.url?.startsWith("/receive/")) {
        received.push({ path: request.url, headers: request.headers, body: await rawBody(request) });
        return answer(200, { received: true });
      }
      if (route === "GET /received") return answer(200, received);
      if (route === "POST /oidc-account") {
        oidc.setNextAccount((await body(request)) as unknown as OidcTestAccount);
        return answer(200, { issuer: oidc.issuer });
      }
      return answer(404, { error: `no control route ${route}` });
    } catch (error) {
      return answer(500, { error: error instanceof Error ? error.message : String(error) });
    }
  })();
});
control.listen(port("CONTROL_PORT"), "127.0.0.1");

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    control.close();
    void Promise.all([stripe.close(), smtp.close(), slack.close(), oidc.close()]).finally(() => process.exit(0));
  });
}
