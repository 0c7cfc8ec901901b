// Message templates: a subject and a Markdown body with {{variables}}, checked where they are
// typed and saved, and rendered where they are sent (and previewed).
export { parseTemplate, templateProblems, type ParsedTemplate, type TemplatePiece } from "./parse";
export {
  escapeMarkdown,
  isPlainHttpUrl,
  markdownToHtml,
  renderCustomerEmail,
  type CustomerEmailTemplate,
} from "./render";
export {
  TEMPLATE_VARIABLES,
  TEMPLATE_VARIABLE_NAMES,
  invoiceTemplateValues,
  isTemplateVariable,
  sampleValues,
  type InvoiceFacts,
  type TemplateValues,
  type TemplateVariable,
  type TemplateVariableName,
} from "./variables";
