import type { ReactNode } from "react";

// Small form parts of the automation editor, in the look of components/ui (login form inputs).

/** `width` is separate: two width classes in one list would leave the winner to the stylesheet's order. */
export const inputClasses = (invalid: boolean, extra = "", width = "w-full") =>
  `block ${width} rounded-md border-0 bg-white px-3 py-2 text-base text-slate-900 ring-1 ring-inset placeholder:text-slate-400 focus:ring-2 focus:outline-none focus:ring-inset sm:text-sm ${
    invalid ? "ring-red-500 focus:ring-red-600" : "ring-slate-300 focus:ring-indigo-600"
  } ${extra}`;

export const selectClasses = (invalid: boolean, extra = "", width = "w-full") =>
  inputClasses(invalid, `pr-8 ${extra}`, width);

/** A DOM id for a field, from its API path ("steps.2.params.to" → "field-steps-2-params-to"). */
export function fieldId(path: string): string {
  return `field-${path.replace(/\./g, "-")}`;
}

/** Props that tie a control to its label, hint and errors. */
export interface ControlProps {
  id: string;
  "aria-invalid"?: true;
  "aria-describedby"?: string;
}

export function describedBy(...ids: Array<string | false | null | undefined>): string | undefined {
  const list = ids.filter(Boolean);
  return list.length > 0 ? list.join(" ") : undefined;
}

// The API's messages start with the field's API name ("surveyUrl must be …"); beside the field they
// read better with the name the form shows.
const FIELD_WORDS: Record<string, string> = {
  surveyUrl: "Survey link",
  url: "URL",
  to: "Recipients",
  min: "Minimum",
  max: "Maximum",
  holdoutPercent: "Hold out",
};

/** "surveyUrl must be an http:// URL" → "Survey link must be an http:// URL": the API's messages as sentences. */
function sentence(message: string): string {
  const [first = "", ...rest] = message.split(" ");
  const word = FIELD_WORDS[first];
  if (word && rest.length > 0) return [word, ...rest].join(" ");
  return message.charAt(0).toUpperCase() + message.slice(1);
}

export function FieldErrors({ id, messages }: { id: string; messages: readonly string[] }) {
  if (messages.length === 0) return null;
  return (
    <div id={id} className="mt-1.5 space-y-0.5 text-sm text-red-700">
      {messages.map((message) => (
        <p key={message} className="flex gap-1.5">
          <span aria-hidden="true" className="font-bold">
            !
          </span>
          <span>{sentence(message)}</span>
        </p>
      ))}
    </div>
  );
}

/**
 * A label, a control, an optional hint and the field's errors. The control gets its id,
 * aria-invalid and aria-describedby (hint + errors) through the render prop.
 */
export function Field({
  path,
  label,
  hint,
  errors = [],
  className = "",
  labelClassName = "",
  showErrors = true,
  children,
}: {
  path: string;
  label: ReactNode;
  hint?: ReactNode;
  errors?: readonly string[];
  className?: string;
  labelClassName?: string;
  /** false: the caller shows `<FieldErrors id={`${fieldId(path)}-error`}>` elsewhere (below a row of narrow fields). */
  showErrors?: boolean;
  children: (control: ControlProps) => ReactNode;
}) {
  const id = fieldId(path);
  const hintId = hint ? `${id}-hint` : null;
  const errorId = errors.length > 0 ? `${id}-error` : null;
  return (
    <div className={className}>
      <label htmlFor={id} className={`block text-sm font-medium text-slate-900 ${labelClassName}`}>
        {label}
      </label>
      <div className="mt-1">
        {children({
          id,
          ...(errorId ? { "aria-invalid": true as const } : {}),
          "aria-describedby": describedBy(errorId, hintId),
        })}
      </div>
      {hint ? (
        <p id={hintId ?? undefined} className="mt-1 text-xs text-slate-600">
          {hint}
        </p>
      ) : null}
      {showErrors ? <FieldErrors id={errorId ?? `${id}-error`} messages={errors} /> : null}
    </div>
  );
}

/** Small square icon button (move, remove) with a name for screen readers and a tooltip. */
export function IconButton({
  label,
  onClick,
  disabled,
  children,
  tone = "default",
  buttonRef,
  dataAttribute,
}: {
  label: string;
  onClick: () => void;
  disabled?: boolean;
  children: ReactNode;
  tone?: "default" | "danger";
  buttonRef?: (node: HTMLButtonElement | null) => void;
  dataAttribute?: string;
}) {
  return (
    <button
      ref={buttonRef}
      type="button"
      aria-label={label}
      title={label}
      onClick={onClick}
      disabled={disabled}
      data-control={dataAttribute}
      className={`inline-flex size-9 shrink-0 items-center justify-center rounded-md text-slate-600 ring-1 ring-slate-300 ring-inset focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:cursor-not-allowed disabled:opacity-40 ${
        tone === "danger" ? "hover:bg-red-50 hover:text-red-700" : "hover:bg-slate-100 hover:text-slate-900"
      }`}
    >
      {children}
    </button>
  );
}

export function ArrowUpIcon() {
  return (
    <svg aria-hidden="true" viewBox="0 0 20 20" fill="currentColor" className="size-4">
      <path
        fillRule="evenodd"
        d="M10 17a.75.75 0 0 1-.75-.75V5.612L5.29 9.77a.75.75 0 0 1-1.08-1.04l5.25-5.5a.75.75 0 0 1 1.08 0l5.25 5.5a.75.75 0 1 1-1.08 1.04l-3.96-4.158V16.25A.75.75 0 0 1 10 17Z"
        clipRule="evenodd"
      />
    </svg>
  );
}

export function ArrowDownIcon() {
  return (
    <svg aria-hidden="true" viewBox="0 0 20 20" fill="currentColor" className="size-4 rotate-180">
      <path
        fillRule="evenodd"
        d="M10 17a.75.75 0 0 1-.75-.75V5.612L5.29 9.77a.75.75 0 0 1-1.08-1.04l5.25-5.5a.75.75 0 0 1 1.08 0l5.25 5.5a.75.75 0 1 1-1.08 1.04l-3.96-4.158V16.25A.75.75 0 0 1 10 17Z"
        clipRule="evenodd"
      />
    </svg>
  );
}

export function CloseIcon({ className = "size-4" }: { className?: string }) {
  return (
    <svg aria-hidden="true" viewBox="0 0 20 20" fill="currentColor" className={className}>
      <path d="M6.28 5.22a.75.75 0 0 0-1.06 1.06L8.94 10l-3.72 3.72a.75.75 0 1 0 1.06 1.06L10 11.06l3.72 3.72a.75.75 0 1 0 1.06-1.06L11.06 10l3.72-3.72a.75.75 0 0 0-1.06-1.06L10 8.94 6.28 5.22Z" />
    </svg>
  );
}

export function GripIcon() {
  return (
    <svg aria-hidden="true" viewBox="0 0 20 20" fill="currentColor" className="size-4">
      <path d="M7 4a1.5 1.5 0 1 1-3 0 1.5 1.5 0 0 1 3 0Zm0 6a1.5 1.5 0 1 1-3 0 1.5 1.5 0 0 1 3 0Zm-1.5 7.5a1.5 1.5 0 1 0 0-3 1.5 1.5 0 0 0 0 3ZM16 4a1.5 1.5 0 1 1-3 0 1.5 1.5 0 0 1 3 0Zm-1.5 7.5a1.5 1.5 0 1 0 0-3 1.5 1.5 0 0 0 0 3ZM16 16a1.5 1.5 0 1 1-3 0 1.5 1.5 0 0 1 3 0Z" />
    </svg>
  );
}
