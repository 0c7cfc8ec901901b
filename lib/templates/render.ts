// A customer email from its template: a one-line subject and a Markdown body, both with
// {{variables}}. The values come from Stripe, and some of them from the customer (a name is free
// text), so a value is never read as Markdown or HTML: the body's Markdown is the template's alone.
import MarkdownIt from "markdown-it";
import type { RenderedEmail } from "@/lib/email/templates";
import { parseTemplate, type TemplatePiece } from "./parse";
import { TEMPLATE_VARIABLES, isTemplateVariable, variableKind, type TemplateValues } from "./variables";

export interface CustomerEmailTemplate {
  subject: string;
  /** Markdown. */
  body: string;
}

let markdown: InstanceType<typeof MarkdownIt> | null = null;

function markdownIt(): InstanceType<typeof MarkdownIt> {
  if (markdown) return markdown;
  // html: false shows raw HTML in a template as text. breaks: a line break typed in the editor is
  // one in the email too, as the text part shows it.
  const md = new MarkdownIt({ html: false, linkify: true, breaks: true });
  // Links and images only to the web and to mail addresses: no javascript:, data: or relative URLs.
  md.validateLink = (url) => /^(https?:|mailto:)/i.test(url.trim());
  markdown = md;
  return md;
}

const valueOf = (values: TemplateValues, name: string): string =>
  (isTemplateVariable(name) ? values[name] : null) ?? "";

function fill(pieces: readonly TemplatePiece[], value: (name: string) => string): string {
  return pieces.map((piece) => (piece.kind === "text" ? piece.text : value(piece.name))).join("");
}

/**
 * Text as Markdown reads it literally: every ASCII punctuation character backslash-escaped (CommonMark
 * allows exactly these), and line breaks folded so a value cannot start a heading, list or quote.
 */
export function escapeMarkdown(value: string): string {
  return value
    .replace(/\s+/g, " ")
    .trim()
    .replace(/[!-/:-@[-`{-~]/g, "\\$&");
}

// Characters that would end a link's destination or start Markdown of their own inside it.
const URL_BREAKERS = /[\s<>()"'`\\[\]*]/;

/** An http(s) URL that can stand in Markdown as it is, in running text or as a link's target. */
export function isPlainHttpUrl(value: string): boolean {
  if (value === "" || URL_BREAKERS.test(value)) return false;
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

function markdownValue(name: string, value: string): string {
  if (isTemplateVariable(name) && variableKind(name) === "url" && isPlainHttpUrl(value)) return value;
  return escapeMarkdown(value);
}

/** A value inside a URL: percent-encoded, the characters Markdown reads in a link's destination included. */
const encodeUrlPart = (value: string) =>
  encodeURIComponent(value).replace(/[!'()*~]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * A link's destination with its variables filled: a URL variable as it is (when it is a plain
 * http(s) URL), any other value percent-encoded. Null when the result is no http(s) or mailto URL
 * (an empty or hostile value): the link is then left out, and its label kept.
 */
function linkTarget(source: string, values: TemplateValues): string | null {
  const url = fill(parseTemplate(source, TEMPLATE_VARIABLES).pieces, (name) => {
    const value = valueOf(values, name);
    return isTemplateVariable(name) && variableKind(name) === "url" && isPlainHttpUrl(value)
      ? value
      : encodeUrlPart(value);
  }).trim();
  if (isPlainHttpUrl(url)) return url;
  return /^mailto:./i.test(url) && !URL_BREAKERS.test(url) ? url : null;
}

/** Keeps header-breaking characters out of the subject. */
const oneLine = (value: string) => value.replace(/[\r\n\t]+/g, " ").trim();

// [label](url "title") and ![alt](url), the url possibly holding {{variables}} (spaces allowed
// inside their braces). Links with plain URLs and nothing to fill are left to markdown-it.
const MARKDOWN_LINK = /(!?)\[([^[\]\n]*)\]\(\s*((?:\{\{[^{}\n]*\}\}|[^\s()])+)(\s+"[^"\n]*")?\s*\)/g;

interface TemplateLink {
  whole: string;
  image: boolean;
  label: string;
  url: string;
  title: string;
}

/** The source with each link handled by `link` and the text between by `text`. */
function mapLinks(source: string, text: (part: string) => string, link: (found: TemplateLink) => string): string {
  let out = "";
  let last = 0;
  for (const match of source.matchAll(MARKDOWN_LINK)) {
    out += text(source.slice(last, match.index));
    const [whole, bang = "", label = "", url = "", title = ""] = match;
    out += link({ whole, image: bang === "!", label, url, title });
    last = match.index + whole.length;
  }
  return out + text(source.slice(last));
}

function markdownToHtml(source: string): string {
  return markdownIt().render(source);
}

export function renderCustomerEmail(template: CustomerEmailTemplate, values: TemplateValues): RenderedEmail {
  const fillWith = (value: (name: string) => string) => (source: string) =>
    fill(parseTemplate(source, TEMPLATE_VARIABLES).pieces, value);
  // A value is one line wherever it goes: a name cannot add lines to the text part.
  const raw = fillWith((name) => valueOf(values, name).replace(/\s*[\r\n]+\s*/g, " "));
  const escaped = fillWith((name) => markdownValue(name, valueOf(values, name)));

  const subject = oneLine(raw(template.subject));

  // The Markdown reads as plain text as it is; only a link is written out, as "label (url)".
  const text = mapLinks(template.body, raw, ({ label, url }) => {
    const target = linkTarget(url, values);
    const words = raw(label).trim();
    if (!target) return words;
    return words === "" || words === target ? target : `${words} (${target})`;
  });

  const markdown = mapLinks(template.body, escaped, ({ whole, image, label, url, title }) => {
    if (!url.includes("{{")) return escaped(whole);
    const target = linkTarget(url, values);
    if (!target) return escaped(label);
    return `${image ? "!" : ""}[${escaped(label)}](${target}${escaped(title)})`;
  });

  const html = `<!doctype html>
<html><body style="font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;font-size:14px;line-height:1.5;color:#111">
${markdownToHtml(markdown)}</body></html>
`;
  return { subject, text: `${text.trimEnd()}\n`, html };
}
