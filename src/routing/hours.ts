// Business hours: is a workspace open at an instant, in its own time zone? Pure; the instant is an argument.
// Local time comes from Intl, once per time zone per UTC hour: the zone's offset for that hour is kept, and
// every instant in it is shifted by plain arithmetic (see `zoneOffsetFor`).
import { WEEKDAYS, type Weekday } from '../config/constants';
import type { BusinessHours } from '../config/types';
import { DAY_MS, clockText, dateText, weekdayNumber } from './time-text';

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

const HOUR_MS = 3_600_000;
/** Offsets are kept for instants in these years (UTC), where Intl's year is four digits and Gregorian. */
const FAST_FROM_MS = Date.UTC(1900, 0, 1);
const FAST_UNTIL_MS = Date.UTC(9999, 0, 1);
/** A zone's hour offsets are forgotten past this many (85 days of hours), so a long-lived container stays small. */
export const MAX_HOURS_PER_ZONE = 2048;

interface ZoneClock {
  formatter: Intl.DateTimeFormat;
  /** UTC hour number -> the zone's offset in ms for the whole hour, or null when the offset changes in it. */
  hourOffsets: Map<number, number | null>;
}

const zones = new Map<string, ZoneClock>();

function zoneClock(timeZone: string): ZoneClock {
  let zone = zones.get(timeZone);
  if (!zone) {
    const formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'long',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    zone = { formatter, hourOffsets: new Map() };
    zones.set(timeZone, zone);
  }
  return zone;
}

function wallClockParts(zone: ZoneClock, instant: Date | number): Record<string, string> {
  const parts: Record<string, string> = {};
  for (const part of zone.formatter.formatToParts(instant)) parts[part.type] = part.value;
  return parts;
}

/** The zone's offset from UTC at a whole-second instant, to the second, as Intl knows it. */
function offsetAt(zone: ZoneClock, wholeSecondMs: number): number {
  const parts = wallClockParts(zone, wholeSecondMs);
  const wallClock = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  return wallClock - wholeSecondMs;
}

/**
 * The zone's offset for every instant of the UTC hour `hour`, or null when it differs between the hour's
 * first and last second (a daylight-saving or other transition inside it). Transitions fall on whole
 * seconds, and no zone changes its offset twice within one hour, so equal ends mean one offset throughout.
 */
function zoneOffsetFor(zone: ZoneClock, hour: number): number | null {
  const known = zone.hourOffsets.get(hour);
  if (known !== undefined) return known;
  const start = hour * HOUR_MS;
  const first = offsetAt(zone, start);
  const offset = first === offsetAt(zone, start + HOUR_MS - 1000) ? first : null;
  if (zone.hourOffsets.size >= MAX_HOURS_PER_ZONE) zone.hourOffsets.clear();
  zone.hourOffsets.set(hour, offset);
  return offset;
}

/** Sunday first, as Date#getUTCDay counts. */
const WEEKDAY_BY_NUMBER: readonly Weekday[] = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

/** The wall-clock date, weekday and time at `instant` in `timeZone` (daylight saving included). */
export function localTime(instant: Date, timeZone: string): LocalTime {
  const zone = zoneClock(timeZone);
  const ms = instant.getTime();
  if (ms >= FAST_FROM_MS && ms < FAST_UNTIL_MS) {
    const offset = zoneOffsetFor(zone, Math.floor(ms / HOUR_MS));
    if (offset !== null) {
      const wallClock = ms + offset;
      const day = Math.floor(wallClock / DAY_MS);
      return { date: dateText(day), weekday: WEEKDAY_BY_NUMBER[weekdayNumber(day)] as Weekday, time: clockText(wallClock - day * DAY_MS) };
    }
  }
  return localTimeFromIntl(zone, instant, timeZone);
}

/** Straight from Intl: the hour of a transition, instants outside the kept years, and invalid dates (which throw). */
function localTimeFromIntl(zone: ZoneClock, instant: Date, timeZone: string): LocalTime {
  const parts = wallClockParts(zone, instant);
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
