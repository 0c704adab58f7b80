// Form fields labelled in HighLevel's words, each with its problems beside it (aria-invalid, and the message tied to
// the field by aria-describedby so a screen reader reads it with the field).
import type { ComponentChildren, JSX } from 'preact';
import { useState } from 'preact/hooks';
import type { ConsoleProblem } from './api';
import { fieldId, getAt, problemsAt, type Draft } from './draft';
import { formatPhone, parsePhone, type Locale } from './format';

export interface FieldContext {
  draft: Draft;
  problems: readonly ConsoleProblem[];
  disabled: boolean;
  change(path: string, value: unknown): void;
  /** The workspace's locale: numbers shown in its country's format (PhoneField). */
  locale?: Locale;
}

interface Common {
  ctx: FieldContext;
  label: string;
  path: string;
  hint?: string;
}

function Problems({ id, problems, hint }: { id: string; problems: ConsoleProblem[]; hint?: string | undefined }) {
  return (
    <>
      {hint ? (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {problems.length ? (
        <p class="problem" id={`${id}-problem`}>
          {problems.map((problem) => problem.message).join('; ')}
        </p>
      ) : null}
    </>
  );
}

function describedBy(id: string, problems: ConsoleProblem[], hint?: string) {
  const ids = [hint ? `${id}-hint` : '', problems.length ? `${id}-problem` : ''].filter(Boolean).join(' ');
  return ids || undefined;
}

/**
 * A labelled input bound to the page's own state (a filter, a sign-in form, a test's number), not to the draft:
 * `onValue` gets what is typed. A `hint` and a `problem` are shown below it and tied to it by aria-describedby (the
 * problem marks it invalid). The rest of the input's attributes pass through; `children` follow (a datalist).
 */
export function InputField({
  id,
  label,
  value,
  onValue,
  inline,
  hint,
  problem,
  children,
  ...input
}: {
  id: string;
  label: string;
  value: string;
  onValue: (value: string) => void;
  inline?: boolean;
  hint?: string | undefined;
  problem?: string | undefined;
  children?: ComponentChildren;
} & Omit<JSX.InputHTMLAttributes<HTMLInputElement>, 'id' | 'value' | 'onInput' | 'children'>) {
  const described = [hint ? `${id}-hint` : '', problem ? `${id}-problem` : ''].filter(Boolean).join(' ');
  return (
    <div class={`${inline ? 'field inline' : 'field'}${problem ? ' invalid' : ''}`}>
      <label for={id}>{label}</label>
      <input
        id={id}
        aria-invalid={problem ? true : undefined}
        aria-describedby={described || undefined}
        {...input}
        value={value}
        onInput={(event) => onValue((event.currentTarget as HTMLInputElement).value)}
      />
      {hint ? (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {problem ? (
        <p class="problem" id={`${id}-problem`}>
          {problem}
        </p>
      ) : null}
      {children}
    </div>
  );
}

/** Text that may be blank: blank is `null` (not set). */
export function TextField({ ctx, label, path, hint, multiline, placeholder }: Common & { multiline?: boolean; placeholder?: string }) {
  const id = fieldId(path);
  const problems = problemsAt(ctx.problems, path);
  const value = getAt(ctx.draft, path);
  const onInput = (event: Event) => {
    const text = (event.currentTarget as HTMLInputElement).value;
    ctx.change(path, text.trim() === '' ? null : text);
  };
  const props = {
    id,
    value: value === null || value === undefined ? '' : String(value),
    onInput,
    disabled: ctx.disabled,
    placeholder,
    'aria-invalid': problems.length ? ('true' as const) : undefined,
    'aria-describedby': describedBy(id, problems, hint),
  };
  return (
    <div class={`field${problems.length ? ' invalid' : ''}`}>
      <label for={id}>{label}</label>
      {multiline ? <textarea rows={3} {...props} /> : <input type="text" {...props} />}
      <Problems id={id} problems={problems} hint={hint} />
    </div>
  );
}

/** A whole number that may be blank (`null`); anything else typed is kept as text for the schema to refuse. */
export function NumberField({ ctx, label, path, hint, blank = null }: Common & { blank?: number | null }) {
  const id = fieldId(path);
  const problems = problemsAt(ctx.problems, path);
  const value = getAt(ctx.draft, path);
  const onInput = (event: Event) => {
    const text = (event.currentTarget as HTMLInputElement).value.trim();
    ctx.change(path, text === '' ? blank : /^-?\d+$/.test(text) ? Number(text) : text);
  };
  return (
    <div class={`field${problems.length ? ' invalid' : ''}`}>
      <label for={id}>{label}</label>
      <input
        type="text"
        inputMode="numeric"
        id={id}
        value={value === null || value === undefined ? '' : String(value)}
        onInput={onInput}
        disabled={ctx.disabled}
        aria-invalid={problems.length ? 'true' : undefined}
        aria-describedby={describedBy(id, problems, hint)}
      />
      <Problems id={id} problems={problems} hint={hint} />
    </div>
  );
}

export function CheckField({ ctx, label, path, hint }: Common) {
  const id = fieldId(path);
  const problems = problemsAt(ctx.problems, path);
  return (
    <div class={`field check${problems.length ? ' invalid' : ''}`}>
      <input
        type="checkbox"
        id={id}
        checked={getAt(ctx.draft, path) === true}
        onChange={(event) => ctx.change(path, (event.currentTarget as HTMLInputElement).checked)}
        disabled={ctx.disabled}
        aria-describedby={describedBy(id, problems, hint)}
      />
      <label for={id}>{label}</label>
      <Problems id={id} problems={problems} hint={hint} />
    </div>
  );
}

export type Choice = { value: string | boolean | null; label: string };

export function SelectField({ ctx, label, path, options, hint }: Common & { options: Choice[] }) {
  const id = fieldId(path);
  const problems = problemsAt(ctx.problems, path);
  const value = getAt(ctx.draft, path);
  return (
    <div class={`field${problems.length ? ' invalid' : ''}`}>
      <label for={id}>{label}</label>
      <select
        id={id}
        disabled={ctx.disabled}
        aria-invalid={problems.length ? 'true' : undefined}
        aria-describedby={describedBy(id, problems, hint)}
        onChange={(event) => {
          const chosen = options[(event.currentTarget as HTMLSelectElement).selectedIndex];
          ctx.change(path, chosen ? chosen.value : null);
        }}
      >
        {options.map((option) => (
          <option value={String(option.value)} selected={(value ?? null) === option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <Problems id={id} problems={problems} hint={hint} />
    </div>
  );
}

/** A group of fields under a visible name (a fieldset and its legend), with problems about the group itself. */
export function Group({ ctx, legend, path, children }: { ctx: FieldContext; legend: string; path?: string; children: ComponentChildren }) {
  const own = path ? ctx.problems.filter((problem) => problem.path === path) : [];
  return (
    <fieldset>
      <legend>{legend}</legend>
      {own.length ? <p class="problem">{own.map((problem) => problem.message).join('; ')}</p> : null}
      {children}
    </fieldset>
  );
}

/**
 * A phone number field: shown in the workspace's format ("(555) 010-0100"), the stored E.164 a hover away; typed in
 * any form, kept as typed while typing; the draft holds its E.164 once it is a number, else what is typed (which
 * phone-fields.ts refuses at the field, saying how to type a number; the save reads numbers the same way).
 */
export function PhoneField({ ctx, label, path, hint }: Common) {
  const id = fieldId(path);
  const problems = problemsAt(ctx.problems, path);
  const value = getAt(ctx.draft, path);
  const stored = typeof value === 'string' ? value : '';
  const [typing, setTyping] = useState<string | null>(null);
  const shown = typing ?? (ctx.locale && /^\+\d+$/.test(stored) ? formatPhone(stored, ctx.locale) : stored);
  const words = hint ?? 'As you would dial it, or with its country code';
  return (
    <div class={`field${problems.length ? ' invalid' : ''}`}>
      <label for={id}>{label}</label>
      <input
        type="tel"
        id={id}
        value={shown}
        title={/^\+\d+$/.test(stored) ? stored : undefined}
        disabled={ctx.disabled}
        autoComplete="off"
        aria-invalid={problems.length ? 'true' : undefined}
        aria-describedby={describedBy(id, problems, words)}
        onInput={(event) => {
          const text = (event.currentTarget as HTMLInputElement).value;
          setTyping(text);
          const parsed = ctx.locale && text.trim() ? parsePhone(text, ctx.locale) : null;
          ctx.change(path, text.trim() === '' ? null : parsed && 'e164' in parsed ? parsed.e164 : text);
        }}
        onBlur={() => {
          if (!problems.length) setTyping(null);
        }}
      />
      <Problems id={id} problems={problems} hint={words} />
    </div>
  );
}
