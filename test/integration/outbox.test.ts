// SMTP_URL=outbox — what `npm run dev` sets — keeps each email in the database for the Outbox page
// instead of sending it: composed exactly as an SMTP server would have received it, kept once per
// Message-ID, and nothing reaches the mail server.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SYSTEM } from "../../lib/auth/actor";
import { emptyOutbox, getOutboxEmail, listOutbox } from "../../lib/email/outbox";
import { sendEmail } from "../../lib/email/send-email";
import { acceptInvitation } from "../../lib/users/users";
import { startHarness, type Harness } from "../support/harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ env: { SMTP_URL: "outbox" } });
});
afterAll(async () => {
  await h.close();
});
beforeEach(async () => {
  await h.reset();
});

describe("the outbox", () => {
  it("keeps an invitation instead of sending it, and its link lets the person in", async () => {
    const response = await h.api("POST", "/api/users", { email: "new@example.com", role: "operator" });
    expect(response.status).toBe(201);

    const [kept, ...others] = await listOutbox(h.engine.db);
    expect(others).toEqual([]);
    expect(kept).toMatchObject({
      to: ["new@example.com"],
      subject: "You are invited to Billing Automations",
      purpose: "invitation",
    });
    const email = await getOutboxEmail(h.engine.db, kept!.id);
    // The message as a mail server would have had it: headers, Message-ID and body.
    expect(email.raw).toMatch(/^Message-ID: <invite-[0-9a-f]{24}@billing-automations>$/m);
    expect(email.raw).toMatch(/^Auto-Submitted: auto-generated$/m);
    expect(email.raw).toMatch(/^To: new@example\.com$/m);
    expect(email.raw).toContain("/invite/");
    expect(h.smtp.messages).toEqual([]);

    const token = /\/invite\/([A-Za-z0-9_-]+)/.exec(email.text)![1]!;
    const joined = await acceptInvitation(h.engine, token, { password: "a long enough password" });
    expect(joined.status).toBe("active");
  });

  it("keeps an automation's email, says so on the step, and keeps it once when the step sends it again", async () => {
    // Turned on: with SMTP_URL=outbox an email step has somewhere to go.
    await h.automateAtOnce("subscription_payment_failed", [
      { action: "send_team_email", params: { to: ["ops@example.com"] } },
    ]);
    const { ids } = await h.paymentFails();
    await h.tick();
    const run = await h.runOf(ids.invoiceId);
    expect(run.status).toBe("succeeded");
    const step = run.steps[0]!;
    expect(step.result).toMatchObject({ emailed: ["ops@example.com"], keptInOutbox: true });

    const [kept] = await listOutbox(h.engine.db);
    expect(kept).toMatchObject({ to: ["ops@example.com"], purpose: "team email" });
    expect(kept!.messageId).toBe((step.result as { messageId: string }).messageId);
    const text = (await getOutboxEmail(h.engine.db, kept!.id)).text;

    // The same message again (a step retried after its send was kept, say): still one copy.
    await sendEmail(
      { to: "ops@example.com", subject: kept!.subject, text, messageId: kept!.messageId, purpose: "team email" },
      { config: h.engine.config, db: h.engine.db },
    );
    expect(await listOutbox(h.engine.db)).toHaveLength(1);
    expect(h.smtp.messages).toEqual([]);
  });

  it("is emptied on request, and the audit log says by whom", async () => {
    for (const to of ["a@example.com", "b@example.com"]) {
      await sendEmail(
        { to, subject: "hello", text: "hello", messageId: `<${to}>`, purpose: "test" },
        { config: h.engine.config, db: h.engine.db },
      );
    }
    expect(await emptyOutbox(h.engine.db, SYSTEM)).toBe(2);
    expect(await listOutbox(h.engine.db)).toEqual([]);
    const entry = await h.engine.db.auditEntry.findFirstOrThrow({
      where: { action: "outbox.emptied" },
      orderBy: { at: "desc" },
    });
    expect(entry).toMatchObject({ entity: "outbox", actorLabel: "system", summary: "emptied the outbox (2 emails)" });
    // Nothing to empty: nothing recorded.
    expect(await emptyOutbox(h.engine.db, SYSTEM)).toBe(0);
  });

  it("refuses to keep mail without the database to keep it in", async () => {
    await expect(
      sendEmail({ to: "a@example.com", subject: "x", text: "x", messageId: "<x@y>" }, { config: h.engine.config }),
    ).rejects.toThrow(/SMTP_URL=outbox keeps mail in the database/);
  });
});
