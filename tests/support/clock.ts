// Dates for tests whose code compares them with the clock (the Calls page's and `calls list`'s retention, the
// impact's last 7 days, a recording link's expiry): taken back from the clock the test runs under, never written
// as a fixed day, so the suite passes whatever today is. libfaketime (`faketime -f '+400d' npm test`) moves the
// clock of jest and of every process it starts alike, so "now" here is "now" for the functions too.

const DAY_MS = 86_400_000;
/** Tuesday, Wednesday, Thursday (getUTCDay): open in every fixture's weekly hours, never a Monday holiday. */
const MIDWEEK = new Set([2, 3, 4]);

export interface TestDay {
  /** The day, YYYY-MM-DD (UTC). */
  date: string;
  /** An instant of that day, from 'HH:MM' or 'HH:MM:SS' UTC, as toISOString writes it (2026-11-24T15:00:00.000Z). */
  at(time: string): string;
  /** The instant of that day when the clock on the wall in `timeZone` reads 'HH:MM' (between 06:00 and 18:00). */
  atLocal(time: string, timeZone: string): string;
  /** How people write the day: 'Tue, Nov 24' (English, the day as on the wall where it is 06:00 to 18:00). */
  spoken: string;
  /** The same day `days` days earlier (negative: later). */
  before(days: number): TestDay;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The hour and minute on the wall in `timeZone` at `instant`, as 'HH:MM'. */
function wallClock(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(instant);
}

function dayOf(midnight: number): TestDay {
  const date = new Date(midnight).toISOString().slice(0, 10);
  return {
    date,
    at(time) {
      if (!/^\d{2}:\d{2}(:\d{2})?$/.test(time)) throw new RangeError(`a test time is HH:MM or HH:MM:SS (UTC), got "${time}"`);
      return new Date(`${date}T${time.length === 5 ? `${time}:00` : time}Z`).toISOString();
    },
    atLocal(time, timeZone) {
      // Daytime anywhere is the same UTC day give or take 14 hours: find the offset whose wall clock reads `time`.
      for (let offsetMinutes = -14 * 60; offsetMinutes <= 14 * 60; offsetMinutes += 15) {
        const instant = new Date(new Date(this.at(time)).getTime() + offsetMinutes * 60_000);
        if (wallClock(instant, timeZone) === time) return instant.toISOString();
      }
      throw new RangeError(`${time} never happens on ${date} in ${timeZone}`);
    },
    spoken: `${WEEKDAYS[new Date(midnight).getUTCDay()]}, ${MONTHS[new Date(midnight).getUTCMonth()]} ${new Date(midnight).getUTCDate()}`,
    before: (days) => dayOf(midnight - days * DAY_MS),
  };
}

/**
 * The latest Tuesday, Wednesday or Thursday that ended before `now` (1 to 5 days back: inside the impact's
 * 7 days and any retention), never one of `closedDates`. 15:00 UTC on it is 10:00 or 11:00 in New York: open.
 */
export function recentWorkday(options: { now?: Date; closedDates?: readonly string[] } = {}): TestDay {
  const now = options.now ?? new Date();
  const closed = new Set(options.closedDates ?? []);
  const today = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  for (let back = 1; back <= 14; back += 1) {
    const midnight = today - back * DAY_MS;
    const day = dayOf(midnight);
    if (MIDWEEK.has(new Date(midnight).getUTCDay()) && !closed.has(day.date)) return day;
  }
  throw new Error(`no open midweek day in the two weeks before ${now.toISOString()}: every one is a closed date`);
}

/** '2026-11-24T15:00:00.000Z' as the console's Calls page writes a call's time: '2026-11-24 15:00 UTC'. */
export function consoleTime(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}

/** Every closed date of a bundle's workspaces, for recentWorkday to step over. */
export function closedDatesOf(bundle: { workspaces: readonly { businessHours?: { closedDates?: readonly string[] } | null }[] }): string[] {
  return bundle.workspaces.flatMap((workspace) => workspace.businessHours?.closedDates ?? []);
}
