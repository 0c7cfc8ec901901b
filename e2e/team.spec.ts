import { expect, test, type Browser, type Page } from "@playwright/test";
import { E2E, LIVE_SERVER } from "../playwright.config";
import { roleAtLeast, type Role } from "../lib/auth/roles";
import { recordFigures } from "../test/support/figures";
import { api, appSurface, serverActions, uniqueName } from "./support";

// The team, in a real browser: single sign-on against a real OpenID provider (oidc-provider, run by
// the peers' process), roles on every page, the Team page, API tokens, the audit log, versions of an
// automation, and an invitation sent over SMTP.

async function control<T = unknown>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const response = await fetch(`${LIVE_SERVER.control}${path}`, {
    method: init.method ?? "GET",
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  if (!response.ok) throw new Error(`control ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** A fresh browser that signs in through the identity provider as this person. */
async function signInWithSso(browser: Browser, account: { email: string; groups?: string[] }): Promise<Page> {
  await control("/oidc-account", { method: "POST", body: account });
  const context = await browser.newContext({ baseURL: E2E.baseURL, storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByRole("link", { name: "Sign in with single sign-on" }).click();
  await page.getByRole("button", { name: `Sign in as ${account.email}` }).click();
  return page;
}

const signedInAs = (page: Page) => page.getByTestId("signed-in-as");
const tagged = (prefix: string) => `${prefix}-${uniqueName("x").split(" ")[1]}@example.com`;

async function someAutomation(page: Page, name = uniqueName("Team check")) {
  return (await api(page.request, "POST", "/api/automations", {
    name,
    trigger: "invoice_finalized",
    status: "paused",
    conditions: [{ type: "invoice_metadata", key: "e2e", value: name }],
    steps: [{ type: "action", action: "send_team_email", params: { to: ["ops@example.com"], memo: "one" } }],
  })) as { id: string; name: string };
}

test("single sign-on lets in whom the identity provider vouches for, with the role its groups map to", async ({
  browser,
  page,
}) => {
  const automation = await someAutomation(page);

  const viewerEmail = tagged("viewer");
  const viewer = await signInWithSso(browser, { email: viewerEmail, groups: [] });
  await expect(viewer).toHaveURL(/\/automations$/);
  await expect(signedInAs(viewer)).toHaveText(`${viewerEmail} · viewer`);
  const nav = viewer.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Audit" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Team" })).toHaveCount(0);
  // A viewer reads, and is offered no change.
  await viewer.goto(`/automations/${automation.id}`);
  await expect(viewer.getByRole("heading", { name: automation.name })).toBeVisible();
  await expect(viewer.getByRole("button", { name: "Delete" })).toHaveCount(0);
  await expect(viewer.getByRole("switch", { name: `Active: ${automation.name}` })).toHaveCount(0);
  await viewer.goto("/settings");
  await expect(viewer.getByText("Only an admin can change the settings.")).toBeVisible();
  await expect(viewer.getByRole("button", { name: "Save settings" })).toHaveCount(0);
  for (const button of ["Add destination", "Reveal", "Roll secret", "Send test"]) {
    await expect(viewer.getByRole("button", { name: button })).toHaveCount(0);
  }
  // The Team page is for admins.
  await viewer.goto("/team");
  await expect(viewer).toHaveURL(/\/automations\?notAllowed=admin$/);

  const operatorEmail = tagged("operator");
  const operator = await signInWithSso(browser, { email: operatorEmail, groups: ["billing-ops", "unmapped"] });
  await expect(signedInAs(operator)).toHaveText(`${operatorEmail} · operator`);
  await operator.goto(`/automations/${automation.id}`);
  await expect(operator.getByRole("switch", { name: `Active: ${automation.name}` })).toBeVisible();
  await expect(operator.getByRole("button", { name: "Delete" })).toHaveCount(0);

  // Outside the allowed domain: back on the login page, told why, with no session.
  const outsider = await signInWithSso(browser, { email: "mallory@evil.example", groups: ["billing-admins"] });
  await expect(outsider).toHaveURL(/\/login\?ssoError=/);
  await expect(outsider.getByText("accounts at evil.example may not sign in here")).toBeVisible();
  await outsider.goto("/automations");
  await expect(outsider).toHaveURL(/\/login$/);

  for (const other of [viewer, operator, outsider]) await other.context().close();
  await api(page.request, "DELETE", `/api/automations/${automation.id}?inProgress=finish`);
});

test("an admin changes a role on the Team page, the audit log says so, and deactivating ends the session at once", async ({
  browser,
  page,
}) => {
  const email = tagged("ops");
  const person = await signInWithSso(browser, { email, groups: [] });
  await expect(signedInAs(person)).toHaveText(`${email} · viewer`);

  await page.goto("/team");
  await page.getByLabel(`Role of ${email}`).selectOption("editor");
  await expect(async () => {
    await person.reload();
    await expect(signedInAs(person)).toHaveText(`${email} · editor`, { timeout: 1_000 });
  }).toPass({ timeout: 10_000 });

  await page.goto(`/audit?entity=user&actor=admin`);
  const table = page.getByRole("table", { name: "Audit log, newest first" });
  await expect(table.getByRole("row").filter({ hasText: `${email}: role viewer → editor` })).toBeVisible();

  await page.goto("/team");
  await page.getByRole("row").filter({ hasText: email }).getByRole("button", { name: "Deactivate" }).click();
  await expect(page.getByRole("row").filter({ hasText: email })).toContainText("deactivated");
  await person.goto("/automations");
  await expect(person).toHaveURL(/\/login$/);
  // Single sign-on does not let a deactivated person back in.
  const again = await signInWithSso(browser, { email, groups: [] });
  await expect(again).toHaveURL(/\/login\?ssoError=/);
  await expect(again.getByText("this user is deactivated")).toBeVisible();
  await person.context().close();
  await again.context().close();
});

test("an API token is shown once, acts for its owner as far as its scopes allow, and opens nothing once revoked", async ({
  page,
  playwright,
}) => {
  const name = `ci-${uniqueName("t").split(" ")[1]}`;
  await page.goto("/team");
  const form = page.getByRole("form", { name: "New token" });
  await form.getByLabel("Token name").fill(name);
  await form.getByRole("button", { name: "Create token" }).click();
  await expect(page.getByText("Copy it now: it is not shown again.")).toBeVisible();
  const token = await page.getByLabel("Token value").inputValue();
  expect(token).toMatch(/^bat_/);

  const client = await playwright.request.newContext({
    baseURL: E2E.baseURL,
    extraHTTPHeaders: { authorization: `Bearer ${token}` },
  });
  expect((await client.get("/api/automations")).status()).toBe(200);
  const write = await client.post("/api/automations", { data: {} });
  expect(write.status()).toBe(403);
  expect(await write.text()).toContain("can only read");

  await page.getByRole("button", { name: "Done" }).click();
  await page.reload();
  await expect(page.getByText(token)).toHaveCount(0);
  const row = page.getByRole("row").filter({ hasText: name });
  await row.getByRole("button", { name: "Revoke", exact: true }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Revoke token" }).click();
  await expect(async () => expect((await client.get("/api/automations")).status()).toBe(401)).toPass();
  await client.dispose();
});

test("every saved change is a version: the history compares any two and restores one as a new version", async ({
  page,
}) => {
  const automation = await someAutomation(page);
  const renamed = `${automation.name} (renamed)`;
  await api(page.request, "PATCH", `/api/automations/${automation.id}`, { name: renamed });

  await page.goto(`/automations/${automation.id}`);
  const versions = page.getByRole("table", { name: "Versions of this automation, newest first" });
  await expect(versions.getByRole("row")).toHaveCount(3);
  const changes = page.getByRole("list", { name: "Changes from version 1 to version 2" });
  await expect(changes).toContainText(`Name: ${automation.name}`);
  await expect(changes).toContainText(`Name: ${renamed}`);

  await page.getByRole("button", { name: "Restore version 1" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Restore", exact: true }).click();
  await expect(page.getByRole("heading", { name: automation.name, exact: true })).toBeVisible();
  await expect(versions.getByRole("row")).toHaveCount(4);
  await expect(versions).toContainText("restored version 1");
  await api(page.request, "DELETE", `/api/automations/${automation.id}?inProgress=finish`);
});

test("an invitation goes out by email; its link lets the person choose a password, once", async ({ page, browser }) => {
  const email = tagged("invited");
  await page.goto(`${LIVE_SERVER.baseURL}/team`);
  const form = page.getByRole("form", { name: "Invite a person" });
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Role").selectOption("operator");
  await form.getByRole("button", { name: "Invite" }).click();
  await expect(page.getByText(`Invitation sent to ${email}.`)).toBeVisible();

  let link = "";
  await expect(async () => {
    const mail = await control<Array<{ to: string[]; text: string | null }>>("/mail");
    const invitation = mail.find((message) => message.to.includes(email));
    link = /https?:\/\/\S+\/invite\/\S+/.exec(invitation?.text ?? "")?.[0] ?? "";
    expect(link).not.toBe("");
  }).toPass({ timeout: 10_000 });
  expect(new URL(link).origin).toBe(LIVE_SERVER.baseURL);

  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const invited = await context.newPage();
  await invited.goto(link);
  await expect(invited.getByRole("heading", { name: `Join as ${email} (operator)` })).toBeVisible();
  await invited.getByLabel("Your name").fill("Invited Person");
  await invited.getByLabel("Password").fill("a password of some length");
  await invited.getByRole("button", { name: "Join" }).click();
  await expect(invited).toHaveURL(/\/automations$/);
  await expect(signedInAs(invited)).toHaveText(`${email} · operator`);
  // The link is spent.
  await invited.goto(link);
  await expect(invited.getByRole("heading", { name: "Invitation not valid" })).toBeVisible();
  await context.close();
});

/** The role each server action needs, written out here so that a change of one is a change of this table. */
const ACTION_NEEDS: Record<string, Role> = {
  countRunsInProgressAction: "viewer",
  exportAutomationsAction: "viewer",
  simulateDraftAction: "viewer",
  simulateOrderAction: "viewer",
  timelineAction: "viewer",
  pauseAutomationAction: "operator",
  resumeAutomationAction: "operator",
  runForAction: "operator",
  cancelRunAction: "operator",
  actOnRunsAction: "operator",
  setAutomationsStatusAction: "operator",
  retryStepAction: "operator",
  sendTestEventAction: "operator",
  testDestinationAction: "operator",
  saveAutomationAction: "editor",
  duplicateAutomationAction: "editor",
  importAutomationsAction: "editor",
  deleteAutomationAction: "editor",
  reorderAutomationsAction: "editor",
  restoreVersionAction: "editor",
  saveSettings: "admin",
  revealEndpointSecretAction: "admin",
  rollEndpointSecretAction: "admin",
  createDestinationAction: "admin",
  replaceDestinationUrlAction: "admin",
  deleteDestinationAction: "admin",
  inviteUserAction: "admin",
  updateUserAction: "admin",
  createTokenAction: "admin",
  revokeTokenAction: "admin",
  emptyOutboxAction: "admin",
};
/** The ways in and out: a login, a logout, an invitation's acceptance need no role. */
const NO_ROLE = ["login", "logout", "acceptInvitationAction"];
/** Pages only some roles may open; every other admin page is for every role. */
const PAGE_NEEDS: Record<string, Role> = {
  "/team": "admin",
  "/automations/new": "editor",
  // It holds invitation links.
  "/outbox": "admin",
  "/outbox/x": "admin",
};
/** Words only the page itself shows, which a refused visitor must not get. */
const PAGE_WORDS: Record<string, string> = {
  "/team": "Invite a person",
  "/automations/new": "Save automation",
  "/outbox": "no email leaves this server",
  "/outbox/x": "Message source",
};

test("the role matrix: every server action of the build and every page, for each role but admin", async ({
  browser,
}) => {
  const actions = serverActions().filter((action) => !NO_ROLE.includes(action.name));
  expect(actions.map((action) => action.name).sort()).toEqual(Object.keys(ACTION_NEEDS).sort());
  const adminPages = [
    ...new Set(
      appSurface()
        .pages.filter((entry) => entry.file.includes("(admin)"))
        .map((entry) => entry.path),
    ),
  ];
  const roles: Array<[Role, string[]]> = [
    ["viewer", []],
    ["operator", ["billing-ops"]],
    ["editor", ["billing-editors"]],
  ];
  let refused = 0;
  let pagesRefused = 0;
  for (const [role, groups] of roles) {
    const person = await signInWithSso(browser, { email: tagged(role), groups });
    await expect(signedInAs(person)).toContainText(`· ${role}`);
    for (const action of actions) {
      const response = await person.request.post(action.pagePath, {
        headers: {
          origin: E2E.baseURL,
          "sec-fetch-site": "same-origin",
          "next-action": action.id,
          accept: "text/x-component",
          "content-type": "text/plain;charset=UTF-8",
        },
        // An id nothing has: an action the role may run finds nothing to change; one it may not is refused first.
        data: JSON.stringify(["nothing-has-this-id", {}]),
      });
      const body = await response.text();
      const mayRun = roleAtLeast(role, ACTION_NEEDS[action.name]!);
      expect.soft(body.includes(`your role is ${role}`), `${role} → ${action.name}`).toBe(!mayRun);
      if (!mayRun) refused += 1;
    }
    for (const pagePath of adminPages) {
      const response = await person.request.get(pagePath, { maxRedirects: 0 });
      const needs = PAGE_NEEDS[pagePath];
      if (needs && !roleAtLeast(role, needs)) {
        // A redirect from the page itself comes after the layout has started the answer: a 200 that
        // carries the redirect for the browser, and none of the page.
        const body = await response.text();
        const target = response.status() === 307 ? (response.headers().location ?? "") : body;
        expect.soft(target, `${role} → ${pagePath}`).toContain(`notAllowed=${needs}`);
        expect.soft(body, `${role} → ${pagePath}`).not.toContain(PAGE_WORDS[pagePath]);
        pagesRefused += 1;
      } else {
        expect.soft([200, 404], `${role} → ${pagePath}`).toContain(response.status());
      }
    }
    await person.context().close();
  }
  expect(refused).toBeGreaterThan(20);
  recordFigures("access", "e2e-role-matrix", {
    title: "Every server action of the build and every admin page × viewer, operator, editor (signed in by SSO)",
    database: "Chromium + npm start (SQLite)",
    figures: {
      "server actions": actions.length,
      "action × role requests": actions.length * roles.length,
      "refused, naming the role": refused,
      "admin pages": adminPages.length,
      "page × role requests": adminPages.length * roles.length,
      "pages refused to a role below theirs": pagesRefused,
    },
  });
});
