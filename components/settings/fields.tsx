"use client";

import { useEffect, useRef, type InputHTMLAttributes, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { newRowId, type ListItem } from "./form-model";

/** The input's DOM id for a form field id such as `teamEmails.row-3` (also where focus goes). */
export const inputId = (field: string) => `settings-${field.replace(/[^a-zA-Z0-9_-]/g, "-")}`;
const errorId = (field: string) => `${inputId(field)}-error`;

const INPUT =
  "block w-full rounded-md border-0 px-3 py-2 text-sm text-slate-900 ring-1 ring-slate-300 ring-inset placeholder:text-slate-400 focus:ring-2 focus:ring-indigo-600 focus:outline-none aria-invalid:ring-red-500";

/** A text input tied to its form field: marked invalid and described by its error when it has one. */
export function FieldInput({
  field,
  error,
  describedBy,
  className = "",
  ...rest
}: { field: string; error: string | undefined; describedBy?: string } & Omit<
  InputHTMLAttributes<HTMLInputElement>,
  "id"
>) {
  const ids = [error ? errorId(field) : undefined, describedBy].filter(Boolean).join(" ");
  return (
    <input
      {...rest}
      id={inputId(field)}
      aria-invalid={error ? true : undefined}
      aria-describedby={ids || undefined}
      className={`${INPUT} ${className}`}
    />
  );
}

/** The error shown right under the field it concerns. */
export function FieldError({ field, error }: { field: string; error: string | undefined }) {
  if (!error) return null;
  return (
    <p id={errorId(field)} className="mt-1 text-sm text-red-700">
      {error}
    </p>
  );
}

/**
 * A list of values edited one input each (team emails, webhook URLs): add, remove, and each
 * value's error under its own input. "Add" moves focus to the new input; removing an input moves
 * focus to the one that took its place, or to "Add" when the list is empty.
 */
export function MultiValueField({
  name,
  legend,
  description,
  itemLabel,
  addLabel,
  emptyText,
  placeholder,
  inputType,
  items,
  errors,
  onChange,
}: {
  name: string;
  legend: string;
  description: ReactNode;
  /** "Team email" → inputs labelled "Team email 1", "Team email 2", … */
  itemLabel: string;
  addLabel: string;
  emptyText: string;
  placeholder: string;
  inputType: "email" | "url";
  items: ListItem[];
  errors: Record<string, string>;
  onChange: (items: ListItem[]) => void;
}) {
  // The id of the input to focus after the next render, or null for the "Add" button.
  const focusNext = useRef<string | null | undefined>(undefined);
  const addButtonId = `${inputId(name)}-add`;
  useEffect(() => {
    const target = focusNext.current;
    if (target === undefined) return;
    focusNext.current = undefined;
    document.getElementById(target === null ? addButtonId : inputId(`${name}.${target}`))?.focus();
  }, [items, name, addButtonId]);

  const descriptionId = `${inputId(name)}-description`;
  const groupError = errors[name];
  return (
    <fieldset aria-describedby={groupError ? `${descriptionId} ${errorId(name)}` : descriptionId}>
      <legend className="text-sm font-semibold text-slate-900">{legend}</legend>
      <p id={descriptionId} className="mt-1 text-sm text-slate-600">
        {description}
      </p>
      {items.length === 0 ? <p className="mt-3 text-sm text-slate-500 italic">{emptyText}</p> : null}
      <ul className="mt-3 space-y-2 empty:hidden">
        {items.map((item, index) => {
          const field = `${name}.${item.id}`;
          const label = `${itemLabel} ${index + 1}`;
          return (
            <li key={item.id}>
              <div className="flex items-start gap-2">
                <FieldInput
                  field={field}
                  error={errors[field]}
                  type={inputType}
                  inputMode={inputType}
                  autoComplete="off"
                  spellCheck={false}
                  aria-label={label}
                  placeholder={placeholder}
                  value={item.value}
                  onChange={(event) =>
                    onChange(
                      items.map((other) => (other.id === item.id ? { ...other, value: event.target.value } : other)),
                    )
                  }
                />
                <Button
                  type="button"
                  variant="secondary"
                  aria-label={`Remove ${label.toLowerCase()}`}
                  onClick={() => {
                    const rest = items.filter((other) => other.id !== item.id);
                    focusNext.current = (rest[index] ?? rest[index - 1])?.id ?? null;
                    onChange(rest);
                  }}
                >
                  Remove
                </Button>
              </div>
              <FieldError field={field} error={errors[field]} />
            </li>
          );
        })}
      </ul>
      {groupError ? (
        <p id={errorId(name)} className="mt-2 text-sm text-red-700">
          {groupError}
        </p>
      ) : null}
      <Button
        id={addButtonId}
        type="button"
        variant="secondary"
        className="mt-3"
        onClick={() => {
          const id = newRowId();
          focusNext.current = id;
          onChange([...items, { id, value: "" }]);
        }}
      >
        {addLabel}
      </Button>
    </fieldset>
  );
}
