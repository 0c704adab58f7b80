// Fields whose text stands for a list: numbers or words separated by commas, a day's opening intervals; and the
// weekly hours editor made of them, the same for a workspace's business hours and a user's working hours.
import { useState } from 'preact/hooks';
import { WEEKDAYS } from '../../config/schema';
import { fieldId, getAt, problemsAt } from './draft';
import type { FieldContext } from './fields';
import { formatPhone, parsePhone, type Locale } from './format';

const DAY_LABELS: Record<(typeof WEEKDAYS)[number], string> = {
  monday: 'Monday',
  tuesday: 'Tuesday',
  wednesday: 'Wednesday',
  thursday: 'Thursday',
  friday: 'Friday',
  saturday: 'Saturday',
  sunday: 'Sunday',
};

/** Weekdays 09:00-17:00, closed at the weekend: where new business hours or working hours start. */
export const defaultWeeklyHours = () =>
  Object.fromEntries(WEEKDAYS.map((day) => [day, day === 'saturday' || day === 'sunday' ? [] : [{ open: '09:00', close: '17:00' }]]));

/** "08:00-12:00, 13:00-17:00" as intervals; a part that is not HH:MM-HH:MM is kept for the schema to point at. */
export function parseIntervals(text: string): { open: string; close: string }[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const [open = '', close = ''] = part.split(/\s*[-–]\s*/);
      return { open, close };
    });
}
const formatIntervals = (intervals: unknown) =>
  ((intervals as { open: string; close: string }[] | undefined) ?? []).map((interval) => `${interval.open}-${interval.close}`).join(', ');

export const listOf = (text: string) =>
  text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
export const formatList = (value: unknown) => ((value as string[] | undefined) ?? []).join(', ');

/** Numbers separated by commas, each typed in any form: its E.164 once it is a number, else as typed (refused at the field). */
export const phoneListOf = (locale: Pick<Locale, 'country'> | undefined) => (text: string) =>
  listOf(text).map((typed) => {
    const parsed = locale ? parsePhone(typed, locale) : null;
    return parsed && 'e164' in parsed ? parsed.e164 : typed;
  });
/** Numbers in the workspace's format, separated by commas. */
export const formatPhoneList = (locale: Pick<Locale, 'country'> | undefined) => (value: unknown) =>
  ((value as string[] | undefined) ?? []).map((number) => (locale ? formatPhone(number, locale) : number)).join(', ');

/**
 * A text field whose text is turned into a value (intervals, a list) and back; keeps what is typed while typing.
 * `hiddenLabel` ends the field's name for screen readers only (which user a "Monday" is of).
 */
export function ListField({
  ctx,
  label,
  hiddenLabel,
  path,
  hint,
  parse,
  format,
}: {
  ctx: FieldContext;
  label: string;
  hiddenLabel?: string;
  path: string;
  hint: string;
  parse(text: string): unknown;
  format(value: unknown): string;
}) {
  const [text, setText] = useState<string | null>(null);
  const problems = problemsAt(ctx.problems, path);
  const id = fieldId(path);
  return (
    <div class={`field${problems.length ? ' invalid' : ''}`}>
      <label for={id}>
        {label}
        {hiddenLabel ? <span class="visually-hidden"> {hiddenLabel}</span> : null}
      </label>
      <input
        type="text"
        id={id}
        value={text ?? format(getAt(ctx.draft, path))}
        disabled={ctx.disabled}
        aria-invalid={problems.length ? 'true' : undefined}
        aria-describedby={`${id}-hint${problems.length ? ` ${id}-problem` : ''}`}
        onInput={(event) => {
          const value = (event.currentTarget as HTMLInputElement).value;
          setText(value);
          ctx.change(path, parse(value));
        }}
        onBlur={() => setText(null)}
      />
      <p class="hint" id={`${id}-hint`}>
        {hint}
      </p>
      {problems.length ? (
        <p class="problem" id={`${id}-problem`}>
          {problems.map((problem) => problem.message).join('; ')}
        </p>
      ) : null}
    </div>
  );
}

/**
 * One field per weekday at `path` (an object of weekday: intervals): "Monday hours" for the business, or "Monday"
 * named for screen readers with `whose` ("working hours of Alice") for a user.
 */
export function WeeklyHoursFields({ ctx, path, whose }: { ctx: FieldContext; path: string; whose?: string }) {
  return (
    <>
      {WEEKDAYS.map((day) => (
        <ListField
          ctx={ctx}
          label={whose ? DAY_LABELS[day] : `${DAY_LABELS[day]} hours`}
          {...(whose ? { hiddenLabel: whose } : {})}
          path={`${path}.${day}`}
          hint="Such as 08:00-12:00, 13:00-17:00; blank: closed"
          parse={parseIntervals}
          format={formatIntervals}
        />
      ))}
    </>
  );
}
