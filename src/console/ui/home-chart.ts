// The home page's chart of calls per day, drawn with Chartist (SVG) in its own script chunk: home.tsx imports this
// module only when it has days to draw, so neither the first page nor the home page's own script carries the chart
// library. The chart is a picture for the eye (aria-hidden); home.tsx shows the same numbers as text and a table,
// and each kind of call has its own pattern (solid, striped, dotted) as well as its colour (console.css).
import { BarChart } from 'chartist';

export interface DayBar {
  /** The day's short label on the axis ("Dec 8"). */
  label: string;
  answered: number;
  /** Every missed call, those that left a voicemail included. */
  missed: number;
  voicemail: number;
}

/** The kinds of call stacked in each day's bar, bottom first, with the class console.css patterns. */
export const DAY_SERIES = [
  { key: 'answered', className: 'ct-answered' },
  { key: 'missed', className: 'ct-missed' },
  { key: 'voicemail', className: 'ct-voicemail' },
] as const;

/** Draws (or redraws) the stacked bars of calls per day into `element`; returns a function that removes the chart. */
export function drawCallsPerDay(element: HTMLElement, days: readonly DayBar[], narrow: boolean): () => void {
  const chart = new BarChart(
    element,
    {
      labels: days.map((day) => day.label),
      // A voicemail is a missed call: the missed bar is the missed calls that left none, the voicemail bar those that did.
      series: DAY_SERIES.map((series) => ({
        name: series.key,
        className: series.className,
        data: days.map((day) => (series.key === 'missed' ? Math.max(0, day.missed - day.voicemail) : day[series.key])),
      })),
    },
    {
      stackBars: true,
      height: narrow ? '220px' : '260px',
      chartPadding: { top: 20, right: 24, bottom: 0, left: 0 },
      axisY: { onlyInteger: true, offset: 28 },
      // Every day has its bar; a label on every 7th (narrow: every 10th) day, the last day always.
      axisX: {
        showGrid: false,
        labelInterpolationFnc: (value: unknown, index: number) =>
          index === days.length - 1 || (days.length - 1 - index) % (narrow ? 10 : 7) === 0 ? String(value) : null,
      },
    },
  );
  return () => chart.detach();
}
