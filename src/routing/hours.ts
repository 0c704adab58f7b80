// Business hours: is a workspace open at an instant, in its own time zone? Pure; the instant is an argument.
import { WEEKDAYS, type Weekday } from '../config/constants';
import type { BusinessHours } from '../config/types';

export interface LocalTime {
  date: string; // YYYY-MM-DD
  weekday: Weekday;
  time: string; // HH:MM, 24-hour
}

export interface OpeningCheck {
  open: boolean;
  local: LocalTime;
  reason: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'long',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The wall-clock date, weekday and time at `instant` in `timeZone` (daylight saving included). */
export function localTime(instant: Date, timeZone: string): LocalTime {
  const parts: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) parts[part.type] = part.value;
  const weekday = (parts.weekday ?? '').toLowerCase() as Weekday;
  if (!WEEKDAYS.includes(weekday)) throw new RangeError(`Unexpected weekday "${parts.weekday}" for ${timeZone}`);
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    weekday,
    time: `${parts.hour}:${parts.minute}`,
  };
}

/** Open when today is not a closed date and the local time falls in one of today's [open, close) intervals. */
export function checkBusinessHours(hours: BusinessHours, timeZone: string, instant: Date): OpeningCheck {
  const local = localTime(instant, timeZone);
  const when = `${local.weekday} ${local.date} ${local.time} ${timeZone}`;
  if (hours.closedDates.includes(local.date)) {
    return { open: false, local, reason: `${local.date} is a closed date (${when})` };
  }
  const today = hours.weekly[local.weekday];
  const interval = today.find((slot) => slot.open <= local.time && local.time < slot.close);
  if (interval) {
    return { open: true, local, reason: `open ${interval.open}-${interval.close} (${when})` };
  }
  const listed = today.length ? today.map((slot) => `${slot.open}-${slot.close}`).join(', ') : 'closed all day';
  return { open: false, local, reason: `outside business hours: ${local.weekday} is ${listed} (${when})` };
}
