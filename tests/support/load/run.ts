// One load run from plan to audit, for the load test and `npm run bench`: the planned calls against a fresh
// in-process deployment with Sync's rate limits on, then what the double holds: 429s, per-object request rates,
// the call-log entries and texts each call was owed and did not get.
import { takeOverConsole } from '../in-process';
import { auditTexts, itemsByKey, missingEntries, type MissingEntry, type StoredItem, type TextAudit } from './audit';
import { startInProcessDeployment } from './deployment';
import { driveLoad, type LoadRun } from './driver';
import { RING_TIMEOUT_SECONDS, loadBundle } from './fleet';
import { owedKeys } from './owed';
import { longestCallSeconds, planCalls, type LoadMix, type PlannedCall } from './plan';
import { classifyObject, objectNamer, objectRates, syncAccesses, type ObjectClass, type ObjectRate } from './sync-objects';

/** The load starts on a Monday morning in New York (the workspaces keep no business hours, so any time rings). */
export const LOAD_STARTS_AT = Date.parse('2026-11-23T15:00:00Z');

/** What the functions logged that says something was not done (a write that failed, Sync refusing). */
const PROBLEM_LINE = /could not|rate-limit|failed|not recorded/i;

export interface LoadResult {
  mix: LoadMix;
  calls: PlannedCall[];
  run: LoadRun;
  /** Per object and kind, busiest first, with each object's scope. */
  rates: (ObjectRate & ObjectClass)[];
  missing: MissingEntry[];
  texts: TextAudit;
  /** Texts the double received in all. */
  textsSent: number;
  /** Every live map item at the end, by key. */
  items: Map<string, StoredItem[]>;
  summary: LoadSummary;
}

/** A run in figures, as `npm run bench` writes it and both the bench and the test print it. */
export interface LoadSummary {
  /** Calls arriving per simulated second, across `workspaces`, the busiest taking `busyWorkspaceCallsPerSecond`. */
  callsPerSecond: number;
  workspaces: number;
  busyWorkspaceCallsPerSecond: number;
  /** Simulated seconds of arrivals. */
  seconds: number;
  /** From this many simulated seconds on (to `seconds`), calls are in every stage at once: the steady state. */
  steadyStateFromSeconds: number;
  calls: number;
  /** Requests the double answered 429 / 54009. */
  status429: number;
  /** Call-log entries owed and not found; missed calls without their one text; texts to answered callers. */
  lostLogEntries: number;
  lostTexts: number;
  unwantedTexts: number;
  webhookRequests: number;
  /** Simulated seconds to the last call's last request. */
  simulatedSeconds: number;
  wallSeconds: number;
  slowestTickMs: number;
  /** The double's own busiest object (most requests of one kind in one burst window), by name. */
  busiest: { object: string; kind: string; perWindow: number } | null;
  /** The busiest objects (per object and kind): requests, 429s, peak per second and per 10 s window. */
  objects: LoadResult['rates'];
  /** Lines the functions logged about something not done: how many, and the first few. */
  problems: { count: number; examples: string[] };
}

/** How many of the busiest objects a summary keeps. */
export const SUMMARY_OBJECTS = 12;

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
    const rates = objectRates(syncAccesses(double, since)).map((rate) => ({
      ...rate,
      ...classifyObject(rate.object, deployment.workspaceIds),
    }));
    const missing = missingEntries(calls, (call) => owedKeys(call, run.traces.get(call.callSid)), items);
    const texts = auditTexts(calls, double.messages);
    const named = busiest ? { object: objectNamer(double)(object.join(' ')), kind: kind!, perWindow: busiest.perWindow } : null;
    return {
      mix,
      calls,
      run,
      rates,
      missing,
      texts,
      // Text-backs: the texts to the callers (the users' missed-call and voicemail notices go to the users' phones).
      textsSent: double.messages.filter((message) => calls.some((call) => call.from === message.to)).length,
      items,
      summary: {
        callsPerSecond: calls.length / mix.seconds,
        workspaces: mix.workspaces,
        busyWorkspaceCallsPerSecond: mix.busyWorkspaceCallsPerSecond,
        seconds: mix.seconds,
        steadyStateFromSeconds: longestCallSeconds(RING_TIMEOUT_SECONDS),
        calls: calls.length,
        status429: double.rateLimits.refused,
        lostLogEntries: missing.length,
        lostTexts: texts.lost.length,
        unwantedTexts: texts.unwanted.length,
        webhookRequests: run.exchanges.length,
        simulatedSeconds: run.simulatedMs / 1000,
        wallSeconds: Math.round(run.wallMs / 100) / 10,
        slowestTickMs: run.slowestTickMs,
        busiest: named,
        objects: rates.slice(0, SUMMARY_OBJECTS),
        problems,
      },
    };
  } finally {
    await deployment.stop();
  }
}
