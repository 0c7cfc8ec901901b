"use client";

import { useRef, useState, type ClipboardEvent, type KeyboardEvent } from "react";
import { addValues, splitValues } from "@/lib/automations/automation-form";
import { CloseIcon, type ControlProps } from "./form-controls";

/**
 * A multi-value input: type a value, Enter or comma adds it as a chip; a pasted list is split;
 * Backspace in the empty input removes the last chip; each chip has its own remove button. Text
 * left in the input is added when the input loses focus, so "Save" never drops it.
 */
export function ChipsInput({
  control,
  values,
  onChange,
  itemName,
  placeholder,
  invalidIndexes,
  type = "text",
}: {
  control: ControlProps;
  values: readonly string[];
  onChange: (values: string[]) => void;
  /** "product", "recipient": names the remove buttons ("Remove recipient ops@example.com"). */
  itemName: string;
  placeholder?: string;
  invalidIndexes?: ReadonlySet<number>;
  type?: "text" | "email";
}) {
  const [text, setText] = useState("");
  const [announcement, setAnnouncement] = useState("");
  const inputRef = useRef<HTMLInputElement>(null);
  const invalid = control["aria-invalid"] === true;

  function commit(raw: string) {
    const added = splitValues(raw).filter((value) => !values.includes(value));
    if (added.length > 0) {
      onChange(addValues(values, added));
      setAnnouncement(`Added ${added.join(", ")}.`);
    }
    setText("");
  }

  function remove(index: number) {
    const value = values[index];
    onChange(values.filter((_, i) => i !== index));
    setAnnouncement(value ? `Removed ${value}.` : "");
    inputRef.current?.focus();
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === "Enter" || event.key === ",") {
      event.preventDefault();
      commit(text);
    } else if (event.key === "Backspace" && text === "" && values.length > 0) {
      event.preventDefault();
      remove(values.length - 1);
    }
  }

  function onPaste(event: ClipboardEvent<HTMLInputElement>) {
    const pasted = event.clipboardData.getData("text");
    if (/[\s,;]/.test(pasted.trim())) {
      event.preventDefault();
      commit(`${text} ${pasted}`);
    }
  }

  return (
    <div
      className={`flex min-h-10 flex-wrap items-center gap-1.5 rounded-md bg-white px-2 py-1.5 ring-1 ring-inset focus-within:ring-2 ${
        invalid ? "ring-red-500 focus-within:ring-red-600" : "ring-slate-300 focus-within:ring-indigo-600"
      }`}
      onClick={(event) => {
        if (event.target === event.currentTarget) inputRef.current?.focus();
      }}
    >
      {values.length > 0 ? (
        <ul className="contents">
          {values.map((value, index) => {
            const bad = invalidIndexes?.has(index) ?? false;
            return (
              <li
                key={value}
                className={`inline-flex max-w-full items-center gap-1 rounded-md py-0.5 pr-0.5 pl-2 text-sm ring-1 ring-inset ${
                  bad ? "bg-red-50 text-red-800 ring-red-300" : "bg-slate-100 text-slate-800 ring-slate-300"
                }`}
              >
                <span className="truncate">{value}</span>
                {bad ? <span className="sr-only"> (not valid)</span> : null}
                <button
                  type="button"
                  onClick={() => remove(index)}
                  aria-label={`Remove ${itemName} ${value}`}
                  title={`Remove ${value}`}
                  className="inline-flex size-6 items-center justify-center rounded text-slate-500 hover:bg-slate-200 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-indigo-600"
                >
                  <CloseIcon className="size-3.5" />
                </button>
              </li>
            );
          })}
        </ul>
      ) : null}
      <input
        {...control}
        ref={inputRef}
        type={type === "email" ? "text" : type}
        inputMode={type === "email" ? "email" : undefined}
        autoComplete="off"
        autoCapitalize="none"
        spellCheck={false}
        value={text}
        placeholder={values.length === 0 ? placeholder : undefined}
        onChange={(event) => {
          const next = event.target.value;
          // A comma typed on a phone keyboard (no keydown key) still adds the value.
          if (/[,;]/.test(next)) commit(next);
          else setText(next);
        }}
        onKeyDown={onKeyDown}
        onPaste={onPaste}
        onBlur={() => commit(text)}
        className="min-w-32 flex-1 border-0 bg-transparent px-1 py-1 text-base text-slate-900 placeholder:text-slate-400 focus:outline-none sm:text-sm"
      />
      <span className="sr-only" aria-live="polite">
        {announcement}
      </span>
    </div>
  );
}
