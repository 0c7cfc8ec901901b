// The Slack double refuses what Slack refuses, so a message it accepts is one Slack would post.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { slackAlert } from "../../lib/slack/message";
import { startSlackServer, type FakeSlack } from "./slack-server";

let slack: FakeSlack;
beforeAll(async () => {
  slack = await startSlackServer();
});
afterAll(async () => {
  await slack.close();
});

const post = (url: string, body: string) =>
  fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body }).then(async (response) => ({
    status: response.status,
    text: await response.text(),
  }));

describe("the Slack-compatible server", () => {
  it("answers ok to a message with text or valid blocks", async () => {
    const url = slack.issueWebhookUrl();
    expect(await post(url, JSON.stringify({ text: "hello" }))).toEqual({ status: 200, text: "ok" });
    const alert = slackAlert({
      title: "Invoice overdue",
      text: "Look",
      facts: [{ label: "Customer", value: "Ada" }],
      links: [{ label: "Open", url: "https://example.com", id: "open" }],
      footer: "run 1",
      fallback: "Invoice overdue",
    });
    expect(await post(url, JSON.stringify(alert))).toEqual({ status: 200, text: "ok" });
  });

  it("answers as Slack does to what Slack refuses", async () => {
    const url = slack.issueWebhookUrl();
    const posted = slack.messages().length;
    expect(await post(slack.unknownWebhookUrl(), JSON.stringify({ text: "x" }))).toEqual({
      status: 404,
      text: "no_service",
    });
    expect(await post(url, "not json")).toEqual({ status: 400, text: "invalid_payload" });
    expect(await post(url, JSON.stringify({ text: " " }))).toEqual({ status: 400, text: "no_text" });
    const invalid = [
      [{ type: "header", text: { type: "mrkdwn", text: "headers are plain text" } }],
      [{ type: "header", text: { type: "plain_text", text: "x".repeat(151) } }],
      [{ type: "section" }],
      [{ type: "section", fields: Array.from({ length: 11 }, () => ({ type: "mrkdwn", text: "x" })) }],
      [{ type: "section", text: { type: "mrkdwn", text: "x" }, colour: "red" }],
      [{ type: "carousel" }],
      Array.from({ length: 51 }, () => ({ type: "divider" })),
    ];
    for (const blocks of invalid) {
      expect(await post(url, JSON.stringify({ text: "x", blocks }))).toEqual({ status: 400, text: "invalid_blocks" });
    }
    expect(slack.messages()).toHaveLength(posted);
  });
});

describe("slackAlert", () => {
  it("cuts every piece to Slack's limits, so a long memo never makes the whole message invalid", async () => {
    const url = slack.issueWebhookUrl();
    const alert = slackAlert({
      title: "t".repeat(400),
      text: "m".repeat(5000),
      facts: Array.from({ length: 14 }, (_, i) => ({ label: `fact ${i}`, value: "v".repeat(3000) })),
      links: [
        { label: "l".repeat(100), url: "https://example.com", id: "a" },
        { label: "not a link", url: "javascript:alert(1)", id: "b" },
      ],
      fallback: "f".repeat(5000),
    });
    expect(await post(url, JSON.stringify(alert))).toEqual({ status: 200, text: "ok" });
    const buttons = alert.blocks.find((block) => block.type === "actions");
    expect(buttons && "elements" in buttons ? buttons.elements.length : 0).toBe(1);
  });
});
