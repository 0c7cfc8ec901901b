// A template's source split into literal text and {{variables}}, with what is wrong with it. One
// scan serves the checks (the params schema, the editor as one types) and the rendering, so what is
// refused at save and what is filled in at send can never disagree.
import { listInWords } from "@/lib/format/words";
import { TEMPLATE_VARIABLES, type TemplateVariable } from "./variables";

export type TemplatePiece = { kind: "text"; text: string } | { kind: "variable"; name: string };

export interface ParsedTemplate {
  pieces: TemplatePiece[];
  /** Each problem once, in the order met. */
  problems: string[];
}

function lineOf(source: string, index: number): number {
  let line = 1;
  for (let i = source.indexOf("\n"); i !== -1 && i < index; i = source.indexOf("\n", i + 1)) line += 1;
  return line;
}

export function parseTemplate(
  source: string,
  variables: readonly TemplateVariable[] = TEMPLATE_VARIABLES,
): ParsedTemplate {
  const known = new Set(variables.map((variable) => variable.name));
  const pieces: TemplatePiece[] = [];
  const problems = new Set<string>();
  let text = "";
  let at = 0;
  for (;;) {
    const open = source.indexOf("{{", at);
    if (open === -1) break;
    const close = source.indexOf("}}", open + 2);
    const inside = close === -1 ? "" : source.slice(open + 2, close);
    // A variable is one line and holds no other opening: past either, the braces were never closed.
    if (close === -1 || inside.includes("\n") || inside.includes("{{")) {
      problems.add(`unclosed {{ on line ${lineOf(source, open)}: end the variable with }}`);
      text += source.slice(at, open + 2);
      at = open + 2;
      continue;
    }
    const name = inside.trim();
    text += source.slice(at, open);
    if (known.has(name)) {
      if (text) pieces.push({ kind: "text", text });
      text = "";
      pieces.push({ kind: "variable", name });
    } else {
      problems.add(
        `unknown variable {{${name}}}: use one of ${listInWords(
          variables.map((variable) => variable.name),
          "or",
        )}`,
      );
      // Kept as typed, so a preview shows where it is.
      text += source.slice(open, close + 2);
    }
    at = close + 2;
  }
  text += source.slice(at);
  if (text) pieces.push({ kind: "text", text });
  return { pieces, problems: [...problems] };
}

/** Every unknown variable and every unclosed {{ in a template, as sentences. */
export function templateProblems(
  source: string,
  variables: readonly TemplateVariable[] = TEMPLATE_VARIABLES,
): string[] {
  return parseTemplate(source, variables).problems;
}
