// A workspace's home page: calls per day for the last 30 days (answered, missed, voicemail) as a chart, with the same
// numbers as a sentence and a table; the answer rate of each user and by hour of the week; and the callers to call
// back (missed, and nobody has called or texted them since), oldest first, each one tap from the web phone. The data
// is console-home's (the daily counters and the index by time: a bounded number of reads whatever the history holds);
// the chart library is its own chunk (home-chart.ts), loaded once there are days to draw.
import { useEffect, useRef, useState } from 'preact/hooks';
import { call } from './api';
import { type Locale, formatDateTime, formatPhone, timeZoneLabel } from './format';
import type { PageProps } from './page-props';

/** One day of the last 30, in the workspace's zone. */
export interface HomeDay {
  /** YYYY-MM-DD in the workspace's time zone. */
  date: string;
  answered: number;
  /** Every call missed, those that left a voicemail included. */
  missed: number;
  /** The missed calls that left a voicemail. */
  voicemail: number;
}

export interface HomeUserRate {
  user: string;
  /** Calls that rang the user, and those the user answered. */
  rang: number;
  answered: number;
}

export interface HomeHourRate {
  /** 0 Monday … 6 Sunday, in the workspace's time zone. */
  weekday: number;
  /** 0 … 23, in the workspace's time zone. */
  hour: number;
  calls: number;
  answered: number;
}

export interface CallBack {
  /** The caller, E.164. */
  caller: string;
  /** Their latest missed call, and how many they made that nobody answered or returned. */
  lastMissedAt: string;
  missedCalls: number;
  callSid: string;
  /** The caller's name when they are a contact (console-home), else null. */
  callerName?: string | null;
}

export interface HomeAnswer {
  days: HomeDay[];
  byUser: HomeUserRate[];
  byHour: HomeHourRate[];
  callBack: CallBack[];
}

const WEEKDAYS = ['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su'] as const;
const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

const percent = (part: number, whole: number) => (whole ? `${Math.round((100 * part) / whole)}%` : '–');
const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

/** A day (YYYY-MM-DD, a date in the workspace's zone) as the workspace writes it: "Tue, Dec 8" (read at noon UTC, so no zone moves it). */
function dayLabel(date: string, locale: Locale, style: 'short' | 'long'): string {
  return new Intl.DateTimeFormat(locale.language, {
    timeZone: 'UTC',
    ...(style === 'short' ? { month: 'short', day: 'numeric' } : { weekday: 'short', month: 'short', day: 'numeric' }),
  }).format(new Date(`${date}T12:00:00Z`));
}

/** An hour of the day as the workspace writes it: "9 AM", "21". */
function hourLabel(hour: number, locale: Locale): string {
  return new Intl.DateTimeFormat(locale.language, { hour: 'numeric', timeZone: 'UTC' }).format(Date.UTC(2026, 0, 5, hour));
}

/** A contact's name for a number, or the number in the workspace's format. */
function callerWords(e164: string, props: PageProps): { name: string | null; number: string } {
  const contact = props.settings.workspace.contacts.find((candidate) => candidate.phone === e164);
  const name = [contact?.firstName, contact?.lastName].filter(Boolean).join(' ');
  return { name: name || null, number: formatPhone(e164, props.locale) };
}

export function HomePage(props: PageProps) {
  const { workspace, locale } = props;
  const [state, setState] = useState<{ kind: 'loading' } | { kind: 'done'; answer: HomeAnswer } | { kind: 'error'; message: string }>({
    kind: 'loading',
  });
  useEffect(() => {
    setState({ kind: 'loading' });
    call<HomeAnswer>('console-home', { workspace: workspace.id }).then(
      (answer) => setState({ kind: 'done', answer }),
      (error: Error) => setState({ kind: 'error', message: error.message }),
    );
  }, [workspace.id]);

  if (state.kind === 'loading') return <p class="loading">Loading the last 30 days…</p>;
  if (state.kind === 'error') return <p class="problem">{state.message}</p>;
  const { answer } = state;
  return (
    <div class="home">
      <p class="hint">Times in {timeZoneLabel(locale)}.</p>
      <CallBackList callBack={answer.callBack} props={props} />
      <CallsPerDay days={answer.days} locale={locale} />
      <UserRates rates={answer.byUser} props={props} />
      <HourRates rates={answer.byHour} locale={locale} />
    </div>
  );
}

/** Missed callers nobody has called or texted since, oldest first: each with a button that opens the web phone on them. */
function CallBackList({ callBack, props }: { callBack: CallBack[]; props: PageProps }) {
  return (
    <section class="panel" aria-labelledby="call-back-title">
      <h2 id="call-back-title">Callers to call back</h2>
      {callBack.length === 0 ? (
        <p>Nobody is waiting for a call back.</p>
      ) : (
        <ul class="cards" aria-labelledby="call-back-title">
          {callBack.map((entry) => {
            const who = entry.callerName
              ? { name: entry.callerName, number: formatPhone(entry.caller, props.locale) }
              : callerWords(entry.caller, props);
            const named = who.name ?? who.number;
            return (
              <li class="card">
                <p class="card-title">
                  {who.name ? (
                    <>
                      {who.name} <span class="hint">{who.number}</span>
                    </>
                  ) : (
                    who.number
                  )}
                </p>
                <p>
                  {plural(entry.missedCalls, 'missed call')}, the last {formatDateTime(entry.lastMissedAt, props.locale)}
                </p>
                <p class="actions">
                  <button type="button" onClick={() => props.navigate('phone', entry.caller)}>
                    Call back {named}
                  </button>
                  <a
                    class="button"
                    href={`#/${encodeURIComponent(props.workspace.id)}/calls/${entry.callSid}`}
                    aria-label={`The last missed call from ${named}`}
                  >
                    The last call
                  </a>
                </p>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

type ChartModule = typeof import('./home-chart');

/** The stacked bars (a picture, hidden from assistive technology) with the totals in words and the table behind them. */
function CallsPerDay({ days, locale }: { days: HomeDay[]; locale: Locale }) {
  const chartBox = useRef<HTMLDivElement>(null);
  const [chartProblem, setChartProblem] = useState('');
  const totals = days.reduce(
    (sum, day) => ({ answered: sum.answered + day.answered, missed: sum.missed + day.missed, voicemail: sum.voicemail + day.voicemail }),
    { answered: 0, missed: 0, voicemail: 0 },
  );
  const calls = totals.answered + totals.missed;
  useEffect(() => {
    const box = chartBox.current;
    if (!box || calls === 0) return;
    let remove: (() => void) | null = null;
    let gone = false;
    import('./home-chart').then(
      (chart: ChartModule) => {
        if (gone) return;
        remove = chart.drawCallsPerDay(
          box,
          days.map((day) => ({ ...day, label: dayLabel(day.date, locale, 'short') })),
          box.clientWidth < 600,
        );
      },
      (error: Error) => setChartProblem(`The chart did not load (${error.message}); the table below has the same numbers.`),
    );
    return () => {
      gone = true;
      remove?.();
    };
  }, [days, calls]);
  return (
    <section class="panel" aria-labelledby="per-day-title">
      <h2 id="per-day-title">Calls per day, last 30 days</h2>
      <p>
        {calls === 0
          ? 'No calls in the last 30 days.'
          : `${plural(calls, 'call')}: ${totals.answered} answered (${percent(totals.answered, calls)}), ${totals.missed} missed, ${totals.voicemail} of them left a voicemail.`}
      </p>
      {calls ? (
        <>
          <ul class="legend" aria-label="Legend">
            <li>
              <span class="swatch ct-answered" aria-hidden="true" /> Answered (solid)
            </li>
            <li>
              <span class="swatch ct-missed" aria-hidden="true" /> Missed, no voicemail (striped)
            </li>
            <li>
              <span class="swatch ct-voicemail" aria-hidden="true" /> Voicemail (dotted)
            </li>
          </ul>
          <div class="chart" ref={chartBox} aria-hidden="true" />
          {chartProblem ? <p class="problem">{chartProblem}</p> : null}
          <details class="as-table">
            <summary>Calls per day as a table</summary>
            {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a region that scrolls must be reachable by keyboard (axe: scrollable-region-focusable) */}
            <section class="table-scroll" tabIndex={0} aria-label="Calls per day, table">
              <table>
                <caption class="visually-hidden">Calls per day, last 30 days</caption>
                <thead>
                  <tr>
                    <th scope="col">Day</th>
                    <th scope="col">Answered</th>
                    <th scope="col">Missed</th>
                    <th scope="col">Left a voicemail</th>
                  </tr>
                </thead>
                <tbody>
                  {days.map((day) => (
                    <tr>
                      <th scope="row">{dayLabel(day.date, locale, 'long')}</th>
                      <td>{day.answered}</td>
                      <td>{day.missed}</td>
                      <td>{day.voicemail}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          </details>
        </>
      ) : null}
    </section>
  );
}

/** Each user's answer rate as a bar with its words beside it (the words carry the meaning; the bar only shows it). */
function UserRates({ rates, props }: { rates: HomeUserRate[]; props: PageProps }) {
  const nameOf = (id: string) => props.settings.workspace.users.find((user) => user.id === id)?.name ?? id;
  const shown = rates.filter((rate) => rate.rang > 0);
  return (
    <section class="panel" aria-labelledby="by-user-title">
      <h2 id="by-user-title">Answer rate by user</h2>
      {shown.length === 0 ? (
        <p>No call rang anyone in the last 30 days.</p>
      ) : (
        <ul class="rates" aria-labelledby="by-user-title">
          {shown.map((rate) => (
            <li>
              <span class="rate-words">
                {nameOf(rate.user)}: {percent(rate.answered, rate.rang)} ({rate.answered} of {plural(rate.rang, 'call')})
              </span>
              <span class="rate-bar" aria-hidden="true">
                <span style={{ width: `${rate.rang ? (100 * rate.answered) / rate.rang : 0}%` }} />
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/**
 * The answer rate by hour of the week as a table: a row per hour that had calls, a column per weekday; each cell says
 * its rate in words ("3/4, 75%") and is shaded by it (the shade repeats the words, it never replaces them).
 */
function HourRates({ rates, locale }: { rates: HomeHourRate[]; locale: Locale }) {
  const cell = new Map(rates.map((rate) => [`${rate.weekday}:${rate.hour}`, rate]));
  const hours = [...new Set(rates.filter((rate) => rate.calls > 0).map((rate) => rate.hour))].sort((a, b) => a - b);
  return (
    <section class="panel" aria-labelledby="by-hour-title">
      <h2 id="by-hour-title">Answer rate by hour of the week</h2>
      {hours.length === 0 ? (
        <p>No calls in the last 30 days.</p>
      ) : (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a region that scrolls must be reachable by keyboard (axe: scrollable-region-focusable)
        <section class="table-scroll" tabIndex={0} aria-label="Answer rate by hour of the week, table">
          <table class="heat">
            <caption class="visually-hidden">Calls answered of calls made, by hour (rows) and weekday (columns)</caption>
            <thead>
              <tr>
                <th scope="col">Hour</th>
                {WEEKDAYS.map((day, index) => (
                  <th scope="col">
                    <span aria-hidden="true">{day}</span>
                    <span class="visually-hidden">{WEEKDAY_NAMES[index]}</span>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {hours.map((hour) => (
                <tr>
                  <th scope="row">{hourLabel(hour, locale)}</th>
                  {WEEKDAYS.map((_, weekday) => {
                    const rate = cell.get(`${weekday}:${hour}`);
                    if (!rate || rate.calls === 0) return <td class="none">–</td>;
                    const share = rate.answered / rate.calls;
                    return (
                      <td class={`heat-${Math.min(4, Math.floor(share * 5))}`}>
                        {percent(rate.answered, rate.calls)}
                        <span class="visually-hidden">
                          {' '}
                          ({rate.answered} of {plural(rate.calls, 'call')})
                        </span>
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </section>
  );
}
