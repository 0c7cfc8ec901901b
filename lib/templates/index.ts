// Message templates: a subject and a Markdown body with {{variables}}, checked where they are
// typed and saved, and rendered where they are sent (and previewed).
export { parseTemplate, templateProblems } from "./parse";
export { escapeMarkdown, isPlainHttpUrl, renderCustomerEmail } from "./render";
export {
  TEMPLATE_VARIABLES,
  invoiceTemplateValues,
  sampleValues,
  type InvoiceFacts,
  type TemplateValues,
  type TemplateVariable,
} from "./variables";
