// Sync requests per call, per object and kind, measured from real runs (for a jest test and `npm run bench`): the
// functions served by twilio-run (functions kept loaded: a warm container) in Sync mode against the API double
// behind Prism, one answered call (a phone picks up, hears the whisper and presses a key; the call is recorded) and
// one missed call (voicemail and text-back), each driven to its end as Twilio would drive it, after a first call of
// each outcome has warmed the container. Each call is counted alone: the double's Sync requests from its first
// webhook to its last, by object (by unique name, with its scope) and kind.
import { parseBundle } from '../../../src/config/parse';
import { serviceWithBundle, syncEnv } from '../sync';
import type { TwilioApi } from '../twilio-api/index';
import { startFunctions, WARM } from '../twilio-run';
import { SYNC_RATE_LIMITS } from '../twilio-api/rate-limits';
import { itemsByKey, missingEntries } from './audit';
import { round } from '../../../scripts/bench/stats';
import { summarizeCeilings, type CeilingSummary } from './ceilings';
import { driveLoad } from './driver';
import { STATE_SHARDS, loadBundle } from './fleet';
import { owedKeys, owedRecords, recordsByCall } from './owed';
import { callerNumber, lineNumber, planCallSid, workspaceIds, type LineKind, type PlannedCall, type PlannedOutcome } from './plan';
import { LOAD_STARTS_AT } from './run';
import { classifyObject, syncAccesses, type ObjectClass } from './sync-objects';

export interface ObjectCount extends ObjectClass {
  object: string;
  reads: number;
  writes: number;
}

export interface CallMeasure {
  /** Every Sync request of the call. */
  requests: number;
  /** Per object, busiest first. */
  objects: ObjectCount[];
  /** The webhook requests of the call: the Functions invocations it costs. */
  invocations: number;
}

/** The lines measured besides the connect line: the plain ring group, and the same users in tiers (one at a time) and behind a phone menu (issue 20). */
export const MEASURED_LINES = ['group', 'tiers', 'menu'] as const satisfies readonly LineKind[];

export interface SyncPerCall {
  answered: CallMeasure;
  missed: CallMeasure;
  /** The first call of a fresh container (answered): its configuration documents read, not cached. */
  coldAnswered: CallMeasure;
  /** The same two outcomes on the ring group's line, the tiers line (answered in its second tier) and behind the phone menu, warm. */
  lines: Record<(typeof MEASURED_LINES)[number], { answered: CallMeasure; missed: CallMeasure }>;
  stateShards: number;
}

/** The measurement went wrong: a call did not go as planned, so its count would not be a call's. */
export class PerCallMeasureError extends Error {
  override readonly name = 'PerCallMeasureError';
}

const WORKSPACES = 2;

function plannedCall(index: number, outcome: PlannedOutcome, line: LineKind = 'connect'): PlannedCall {
  const workspace = workspaceIds(WORKSPACES)[0]!;
  return {
    index,
    callSid: planCallSid(index, 1),
    at: 0,
    workspace,
    to: lineNumber(workspace, line),
    from: callerNumber(workspace, index),
    outcome,
    ringSeconds: 5,
    whisperSeconds: 3,
    talkSeconds: 30,
    messageSeconds: 15,
    presses: line === 'menu' ? ['1'] : [],
    answerInDial: line === 'tiers' ? 1 : 0,
  };
}

/** Counts the requests per object and kind (the objects by name, with their scope). */
export function countByObject(
  accesses: readonly { object: string; kind: 'read' | 'write' }[],
  workspaces: ReadonlySet<string>,
): ObjectCount[] {
  const counts = new Map<string, ObjectCount>();
  for (const access of accesses) {
    const count = counts.get(access.object) ?? { object: access.object, ...classifyObject(access.object, workspaces), reads: 0, writes: 0 };
    if (access.kind === 'read') count.reads += 1;
    else count.writes += 1;
    counts.set(access.object, count);
  }
  return [...counts.values()].sort((a, b) => b.reads + b.writes - (a.reads + a.writes) || a.object.localeCompare(b.object));
}

/** Measures one answered and one missed call, warm, on `api` (the double behind Prism). */
export async function measureSyncPerCall(api: TwilioApi): Promise<SyncPerCall> {
  // Calls 0 and 1 warm the container (its configuration cache, the maps a first write may create); 2 and 3 are measured.
  const calls = [plannedCall(0, 'answered-phone'), plannedCall(1, 'missed'), plannedCall(2, 'answered-phone'), plannedCall(3, 'missed')];
  // Then each measured line: a first call of each outcome warms what it alone touches, the next two are measured.
  for (const line of MEASURED_LINES)
    for (const outcome of ['answered-phone', 'missed', 'answered-phone', 'missed'] as const)
      calls.push(plannedCall(calls.length, outcome, line));
  const bundle = parseBundle(loadBundle(WORKSPACES, calls));
  const serviceSid = await serviceWithBundle(api, bundle);
  const workspaces = new Set(bundle.workspaces.map((workspace) => workspace.id));
  const server = await startFunctions(
    { ...syncEnv(api, serviceSid), ALLOW_SIMULATED_CLOCK: 'true', STATE_SHARDS: String(STATE_SHARDS) },
    WARM,
  );
  try {
    const measures: CallMeasure[] = [];
    for (const call of calls) {
      const since = api.double.requestCount({ product: 'sync' });
      // Each call an hour after the one before, in simulated time: nothing of one call's counts is the other's.
      const run = await driveLoad([call], {
        startAt: LOAD_STARTS_AT + call.index * 3_600_000,
        tickMs: 100,
        double: api.double,
        send: (url, params) => server.post(url, params),
      });
      const steps = recordsByCall(run.exchanges).get(call.callSid) ?? [];
      const owed = owedRecords(call);
      const missing = missingEntries([call], (planned) => owedKeys(planned, run.traces.get(planned.callSid)), itemsByKey(api.double));
      if (JSON.stringify(steps) !== JSON.stringify(owed) || missing.length > 0) {
        throw new PerCallMeasureError(
          `the ${call.outcome} call did not go as planned: steps ${JSON.stringify(steps)}, missing ${missing.map((entry) => entry.key).join(', ') || 'nothing'}\n${server.output().slice(-2000)}`,
        );
      }
      // Every Sync request of the call, and the objects they counted against: a request against none would show as a difference.
      measures.push({
        requests: api.double.requestCount({ product: 'sync' }) - since,
        objects: countByObject(syncAccesses(api.double, since), workspaces),
        invocations: steps.length,
      });
    }
    api.double.clock.reset();
    const lineMeasures = (first: number) => ({ answered: measures[first + 2]!, missed: measures[first + 3]! });
    return {
      answered: measures[2]!,
      missed: measures[3]!,
      coldAnswered: measures[0]!,
      lines: { group: lineMeasures(4), tiers: lineMeasures(8), menu: lineMeasures(12) },
      stateShards: STATE_SHARDS,
    };
  } finally {
    await server.stop();
  }
}

/** A measurement as `npm run bench` writes it and both the bench and the test print it: counts, and the ceilings they imply. */
export interface SyncPerCallSummary {
  /** Warm, from real runs: every Sync request of one answered and one missed call. */
  requestsPerCall: { answered: number; missed: number };
  /** Sync requests and Functions invocations per call on each line, warm (connect: call connect and recording). */
  byLine: { line: string; answered: { requests: number; invocations: number }; missed: { requests: number; invocations: number } }[];
  /** The same, per object (reads and writes), with each object's scope. */
  perObject: { answered: ObjectCount[]; missed: ObjectCount[] };
  /** The first (answered) call of a fresh container: its configuration read, not cached. */
  coldAnsweredRequests: number;
  stateShards: number;
  /** Calls per second of the whole deployment before an object every call touches reaches 20/s; null: no such object. */
  ceilingCallsPerSecond: number | null;
  /** What sets it, or "no deployment-wide object". */
  ceilingNote: string;
  /** Calls per second of one workspace before its busiest object (or one shard) reaches 20/s. */
  workspaceCeilingCallsPerSecond: number | null;
  /** The deployment's calls per second at the first limit, its busiest workspace taking `ceilings.mix.busyShare` of them. */
  mixCeilingCallsPerSecond: number | null;
  /** What sets each ceiling (calls per second rounded), with the share of answered calls assumed. */
  ceilings: CeilingSummary & { answeredShare: number };
}

/** The ceilings a measurement implies for a mix of `answeredShare` answered calls, its busiest workspace taking `busyShare`. */
export function summarizeSyncPerCall(perCall: SyncPerCall, mix: { answeredShare: number; busyShare: number }): SyncPerCallSummary {
  const exact = summarizeCeilings(
    {
      perCall: { answered: perCall.answered.objects, missed: perCall.missed.objects },
      answeredShare: mix.answeredShare,
      shards: perCall.stateShards,
      limitPerSecond: SYNC_RATE_LIMITS.perSecond,
    },
    mix.busyShare,
  );
  const rounded = <T extends { callsPerSecond: number | null } | null>(ceiling: T): T =>
    ceiling && ceiling.callsPerSecond !== null ? { ...ceiling, callsPerSecond: round(ceiling.callsPerSecond) } : ceiling;
  const ceilings = { workspace: rounded(exact.workspace), deployment: rounded(exact.deployment), mix: rounded(exact.mix) };
  return {
    requestsPerCall: { answered: perCall.answered.requests, missed: perCall.missed.requests },
    byLine: [
      { line: 'connect', answered: perCall.answered, missed: perCall.missed },
      ...MEASURED_LINES.map((line) => ({ line, ...perCall.lines[line] })),
    ].map(({ line, answered, missed }) => ({
      line,
      answered: { requests: answered.requests, invocations: answered.invocations },
      missed: { requests: missed.requests, invocations: missed.invocations },
    })),
    perObject: { answered: perCall.answered.objects, missed: perCall.missed.objects },
    coldAnsweredRequests: perCall.coldAnswered.requests,
    stateShards: perCall.stateShards,
    ceilingCallsPerSecond: ceilings.deployment?.callsPerSecond ?? null,
    ceilingNote: ceilings.deployment
      ? `set by the ${ceilings.deployment.kind}s of ${ceilings.deployment.pattern}`
      : 'no deployment-wide object',
    workspaceCeilingCallsPerSecond: ceilings.workspace?.callsPerSecond ?? null,
    mixCeilingCallsPerSecond: ceilings.mix.callsPerSecond,
    ceilings: { ...ceilings, answeredShare: mix.answeredShare },
  };
}
