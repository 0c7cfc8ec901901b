"use client";

import { useId, useState } from "react";
import type { AutomationVersionView } from "@/lib/versions/automation-versions";
import { diffDefinitions, type DiffLine } from "@/lib/versions/diff-definitions";
import { selectClasses } from "./form-controls";

const LINE_STYLE: Record<DiffLine["kind"], { sign: string; words: string; className: string }> = {
  same: { sign: " ", words: "", className: "text-slate-700" },
  removed: { sign: "−", words: "Removed: ", className: "bg-red-50 text-red-900" },
  added: { sign: "+", words: "Added: ", className: "bg-green-50 text-green-900" },
};

/** Two versions side by side as a line diff: by default the one before the latest, and the latest. */
export function VersionDiff({ versions, currency }: { versions: AutomationVersionView[]; currency: string }) {
  const id = useId();
  const [latest, previous] = versions;
  const [from, setFrom] = useState(previous?.number ?? latest?.number ?? 0);
  const [to, setTo] = useState(latest?.number ?? 0);
  const a = versions.find((version) => version.number === from);
  const b = versions.find((version) => version.number === to);
  if (!latest) return null;
  if (!previous) {
    return <p className="mt-4 text-sm text-slate-600">Only one version so far: nothing to compare yet.</p>;
  }
  const lines = a && b ? diffDefinitions(a.definition, b.definition, { currency }) : [];
  const changed = lines.some((line) => line.kind !== "same");

  const picker = (label: string, value: number, onChange: (next: number) => void, suffix: string) => (
    <div>
      <label htmlFor={`${id}-${suffix}`} className="block text-sm font-medium text-slate-900">
        {label}
      </label>
      <select
        id={`${id}-${suffix}`}
        value={value}
        onChange={(event) => onChange(Number(event.target.value))}
        className={selectClasses(false, "mt-1", "w-56")}
      >
        {versions.map((version) => (
          <option key={version.number} value={version.number}>
            Version {version.number}
            {version === latest ? " (current)" : ""}
          </option>
        ))}
      </select>
    </div>
  );

  return (
    <div className="mt-6 border-t border-slate-100 pt-4">
      <h3 className="text-sm font-semibold text-slate-900">Compare versions</h3>
      <div className="mt-3 flex flex-wrap items-end gap-3">
        {picker("Compare from", from, setFrom, "from")}
        {picker("Compare to", to, setTo, "to")}
      </div>
      {from === to ? (
        <p className="mt-3 text-sm text-slate-600">Pick two different versions to see what changed.</p>
      ) : !changed ? (
        <p className="mt-3 text-sm text-slate-600">
          Versions {from} and {to} define the same automation.
        </p>
      ) : null}
      <ol
        aria-label={`Changes from version ${from} to version ${to}`}
        className="mt-3 overflow-x-auto rounded-md bg-white font-mono text-xs ring-1 ring-slate-200"
      >
        {lines.map((line, index) => {
          const style = LINE_STYLE[line.kind];
          return (
            <li key={index} className={`flex gap-2 px-3 py-1 break-words whitespace-pre-wrap ${style.className}`}>
              <span aria-hidden="true" className="w-3 shrink-0 select-none">
                {style.sign}
              </span>
              <span className="min-w-0">
                {style.words ? <span className="sr-only">{style.words}</span> : null}
                {line.text}
              </span>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
