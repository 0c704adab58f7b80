// A load run in a few lines of text: what ran, the 429s, and the busiest Sync objects (the double's own busiest,
// and the tally per object: scope, requests, 429s, peak per second and per burst window against Sync's limits),
// so a failure says which object was hot. And the per-call measurement: requests by object and outcome, and the
// ceilings they imply.
import { renderTable } from '../../../scripts/bench/table';
import { SYNC_RATE_LIMITS } from '../twilio-api/rate-limits';
import type { Ceiling } from './ceilings';
import type { ObjectCount, SyncPerCallSummary } from './per-call';
import type { LoadSummary } from './run';

export function formatLoadReport(load: LoadSummary): string {
  const limitPerWindow = SYNC_RATE_LIMITS.perSecond * SYNC_RATE_LIMITS.burstSeconds;
  const count = (value: number) => value.toLocaleString('en-US');
  const lines = [
    `load: ${count(load.calls)} calls over ${load.seconds} simulated s (${load.callsPerSecond} calls/s, ${load.workspaces} workspaces, the busiest ${load.busyWorkspaceCallsPerSecond} calls/s), ` +
      `${count(load.webhookRequests)} webhook requests up to ${load.simulatedSeconds} s; ${load.wallSeconds} s wall (slowest tick ${load.slowestTickMs} ms)`,
    load.seconds > load.steadyStateFromSeconds
      ? `steady state (calls in every stage at once) from ${load.steadyStateFromSeconds} s to ${load.seconds} s`
      : `no steady state: calls are in every stage at once only after ${load.steadyStateFromSeconds} s of arrivals (LOAD_SECONDS), so the late steps (dial-complete, voicemail, recording) are not yet at full rate while calls arrive`,
    `Sync 429s: ${load.status429}; the double's busiest object: ${load.busiest ? `${load.busiest.kind} ${load.busiest.object}, ${load.busiest.perWindow} in one ${SYNC_RATE_LIMITS.burstSeconds} s window (limit ${limitPerWindow})` : 'none (no Sync request)'}`,
    `lost: ${load.lostLogEntries} call-log entries, ${load.lostTexts} texts (and ${load.unwantedTexts} texts to answered callers); the functions logged ${load.problems.count} lines about something not done`,
    ...load.problems.examples.map((line) => `  e.g. ${line}`),
    `busiest Sync objects (requests accepted or refused; Sync allows ${SYNC_RATE_LIMITS.perSecond} reads and ${SYNC_RATE_LIMITS.perSecond} writes per second per object, ${limitPerWindow} in any ${SYNC_RATE_LIMITS.burstSeconds} s):`,
    renderTable(
      ['object', 'scope', 'kind', 'requests', '429s', 'peak /s', `peak /${SYNC_RATE_LIMITS.burstSeconds} s`],
      load.objects.map((rate) => [rate.object, rate.scope, rate.kind, rate.requests, rate.refused, rate.peakPerSecond, rate.peakPerWindow]),
    ),
  ];
  return `${lines.join('\n')}\n`;
}

const describeCeiling = (ceiling: Ceiling) =>
  `${ceiling.callsPerSecond} calls/s, set by the ${ceiling.kind}s of ${ceiling.pattern} (${ceiling.perCall} per call)`;

/** Sync requests per call by object and outcome, and the ceilings they imply. */
export function formatPerCall(sync: SyncPerCallSummary): string {
  const { answered, missed } = sync.perObject;
  const objects = [...new Set([...answered, ...missed].map((count) => count.object))];
  const cell = (counts: readonly ObjectCount[], object: string) => {
    const count = counts.find((candidate) => candidate.object === object);
    return count ? `${count.reads} / ${count.writes}` : '-';
  };
  const scopeOf = (object: string) => [...answered, ...missed].find((count) => count.object === object)!.scope;
  const { ceilings } = sync;
  return [
    `Sync requests per call, warm, by object (reads / writes): answered ${sync.requestsPerCall.answered}, missed ${sync.requestsPerCall.missed}; the first call of a fresh container (answered): ${sync.coldAnsweredRequests}`,
    renderTable(
      ['object', 'scope', 'answered', 'missed'],
      objects.map((object) => [object, scopeOf(object), cell(answered, object), cell(missed, object)]),
    ),
    'Sync requests and Functions invocations per call, by line (connect: call connect and recording; group: two users at once; tiers: the same one at a time, answered in the second tier; menu: one key, then the group)',
    renderTable(
      ['line', 'answered: Sync', 'invocations', 'missed: Sync', 'invocations'],
      sync.byLine.map((row) => [row.line, row.answered.requests, row.answered.invocations, row.missed.requests, row.missed.invocations]),
    ),
    `ceilings at ${SYNC_RATE_LIMITS.perSecond} requests per second per object, ${sync.stateShards} shards, ${Math.round(ceilings.answeredShare * 100)}% of calls answered:`,
    `  per workspace: ${ceilings.workspace ? describeCeiling(ceilings.workspace) : 'none (no object of a workspace is touched)'}`,
    `  deployment-wide: ${ceilings.deployment ? describeCeiling(ceilings.deployment) : 'null: no deployment-wide object'}`,
    `  the load test's mix (the busiest workspace takes ${Math.round(ceilings.mix.busyShare * 100)}% of the calls): ${ceilings.mix.callsPerSecond === null ? 'no limit' : `${ceilings.mix.callsPerSecond} calls/s, set by the ${ceilings.mix.setBy}`}`,
  ].join('\n');
}
