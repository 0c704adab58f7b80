// One load run from plan to audit, for the load test and `npm run bench`: the planned calls against a fresh
// in-process deployment with Sync's rate limits on, then what the double holds: 429s, per-object request rates,
// the call-log entries and texts each call was owed and did not get.
import { takeOverConsole } from '../in-process';
import { auditTexts, itemsByKey, missingEntries, type MissingEntry, type StoredItem, type TextAudit } from './audit';
import { startInProcessDeployment } from './deployment';
import { driveLoad, type LoadRun } from './driver';
import { loadBundle } from './fleet';
import { owedKeys } from './owed';
import { planCalls, type LoadMix, type PlannedCall } from './plan';
import { classifyObject, objectNamer, objectRates, syncAccesses, type ObjectClass, type ObjectRate } from './sync-objects';

/** The load starts on a Monday morning in New York (the workspaces keep no business hours, so any time rings). */
export const LOAD_STARTS_AT = Date.parse('2026-11-23T15:00:00Z');

/** What the functions logged that says something was not done (a write that failed, Sync refusing). */
const PROBLEM_LINE = /could not|rate-limit|failed|not recorded/i;

export interface LoadResult {
  mix: LoadMix;
  calls: PlannedCall[];
  run: LoadRun;
  /** Calls per simulated second that arrived. */
  callsPerSecond: number;
  /** Requests the double answered 429 / 54009. */
  status429: number;
  /** The double's own busiest object (most requests of one kind in one burst window), by name. */
  busiest: { object: string; kind: string; perWindow: number } | null;
  /** Per object and kind, busiest first, with each object's scope. */
  rates: (ObjectRate & ObjectClass)[];
  missing: MissingEntry[];
  texts: TextAudit;
  /** Texts the double received in all. */
  textsSent: number;
  /** Every live map item at the end, by key. */
  items: Map<string, StoredItem[]>;
  /** Lines the functions logged about something not done: how many, and the first few. */
  problems: { count: number; examples: string[] };
}

/** Plans the mix, pushes its configuration, drives every call to its end, and audits. The functions' log is kept out of the console. */
export async function runLoad(mix: LoadMix, env: Record<string, string> = {}): Promise<LoadResult> {
  const calls = planCalls(mix);
  const deployment = await startInProcessDeployment(loadBundle(mix.workspaces, calls), env);
  try {
    const { double } = deployment;
    double.rateLimits.enable();
    const since = double.requestCount({ product: 'sync' });
    const problems = { count: 0, examples: [] as string[] };
    const restore = takeOverConsole((line) => {
      if (!PROBLEM_LINE.test(line)) return;
      problems.count += 1;
      if (problems.examples.length < 5) problems.examples.push(line.slice(0, 300));
    });
    let run: LoadRun;
    try {
      run = await driveLoad(calls, { startAt: LOAD_STARTS_AT, tickMs: mix.tickMs, double, send: deployment.send });
    } finally {
      restore();
    }
    const items = itemsByKey(double);
    const busiest = double.rateLimits.busiest();
    const [kind, ...object] = busiest?.key.split(' ') ?? [];
    return {
      mix,
      calls,
      run,
      callsPerSecond: calls.length / mix.seconds,
      status429: double.rateLimits.refused,
      busiest: busiest ? { object: objectNamer(double)(object.join(' ')), kind: kind!, perWindow: busiest.perWindow } : null,
      rates: objectRates(syncAccesses(double, since)).map((rate) => ({ ...rate, ...classifyObject(rate.object, deployment.workspaceIds) })),
      missing: missingEntries(calls, (call) => owedKeys(call, run.traces.get(call.callSid)), items),
      texts: auditTexts(calls, double.messages),
      textsSent: double.messages.length,
      items,
      problems,
    };
  } finally {
    await deployment.stop();
  }
}
