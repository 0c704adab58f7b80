// A load run in a few lines of text: what ran, the 429s, and the busiest Sync objects (the double's own busiest,
// and the tally per object: scope, requests, 429s, peak per second and per burst window against Sync's limits),
// so a failure says which object was hot. And the per-call measurement: requests by object and outcome, and the
// ceilings they imply.
import { renderTable } from '../../../scripts/bench/table';
import { SYNC_RATE_LIMITS } from '../twilio-api/rate-limits';
import type { Ceiling, CeilingSummary } from './ceilings';
import type { SyncPerCall } from './per-call';
import type { LoadResult } from './run';

export function formatLoadReport(result: LoadResult, top = 12): string {
  const { mix, run } = result;
  const limitPerWindow = SYNC_RATE_LIMITS.perSecond * SYNC_RATE_LIMITS.burstSeconds;
  const lines = [
    `load: ${result.calls.length.toLocaleString('en-US')} calls over ${mix.seconds} simulated s (${result.callsPerSecond} calls/s, ${mix.workspaces} workspaces, the busiest ${mix.busyWorkspaceCallsPerSecond} calls/s), ` +
      `${run.exchanges.length.toLocaleString('en-US')} webhook requests up to ${run.simulatedMs / 1000} s; ${(run.wallMs / 1000).toFixed(1)} s wall (slowest tick ${run.slowestTickMs} ms)`,
    `Sync 429s: ${result.status429}; the double's busiest object: ${result.busiest ? `${result.busiest.kind} ${result.busiest.object}, ${result.busiest.perWindow} in one ${SYNC_RATE_LIMITS.burstSeconds} s window (limit ${limitPerWindow})` : 'none (no Sync request)'}`,
    `lost: ${result.missing.length} call-log entries, ${result.texts.lost.length} texts (and ${result.texts.unwanted.length} texts to answered callers); the functions logged ${result.problems.count} lines about something not done`,
    ...result.problems.examples.map((line) => `  e.g. ${line}`),
    `busiest Sync objects (Sync allows ${SYNC_RATE_LIMITS.perSecond} reads and ${SYNC_RATE_LIMITS.perSecond} writes per second per object, ${limitPerWindow} in any ${SYNC_RATE_LIMITS.burstSeconds} s):`,
    renderTable(
      ['object', 'scope', 'kind', 'requests', '429s', 'peak /s', `peak /${SYNC_RATE_LIMITS.burstSeconds} s`],
      result.rates.slice(0, top).map((rate) => [rate.object, rate.scope, rate.kind, rate.requests, rate.refused, rate.peakPerSecond, rate.peakPerWindow]),
    ),
  ];
  return `${lines.join('\n')}\n`;
}

const oneDecimal = (value: number) => Math.round(value * 10) / 10;
const describeCeiling = (ceiling: Ceiling) => `${oneDecimal(ceiling.callsPerSecond)} calls/s, set by the ${ceiling.kind}s of ${ceiling.pattern} (${oneDecimal(ceiling.perCall)} per call)`;

/** Sync requests per call by object and outcome, and the ceilings they imply. */
export function formatPerCall(perCall: SyncPerCall, summary: CeilingSummary, answeredShare: number): string {
  const objects = [...new Set([...perCall.answered.objects, ...perCall.missed.objects].map((count) => count.object))];
  const cell = (measure: SyncPerCall['answered'], object: string) => {
    const count = measure.objects.find((candidate) => candidate.object === object);
    return count ? `${count.reads} / ${count.writes}` : '-';
  };
  const scopeOf = (object: string) => [...perCall.answered.objects, ...perCall.missed.objects].find((count) => count.object === object)!.scope;
  const share = `${Math.round(answeredShare * 100)}% answered`;
  return [
    `Sync requests per call, warm, by object (reads / writes): answered ${perCall.answered.requests}, missed ${perCall.missed.requests}`,
    renderTable(['object', 'scope', 'answered', 'missed'], objects.map((object) => [object, scopeOf(object), cell(perCall.answered, object), cell(perCall.missed, object)])),
    `ceilings at ${SYNC_RATE_LIMITS.perSecond} requests per second per object, ${perCall.stateShards} shards, ${share}:`,
    `  per workspace: ${summary.workspace ? describeCeiling(summary.workspace) : 'none (no object of a workspace is touched)'}`,
    `  deployment-wide: ${summary.deployment ? describeCeiling(summary.deployment) : 'null: no deployment-wide object'}`,
    `  the load test's mix (the busiest workspace takes ${Math.round(summary.mix.busyShare * 100)}% of the calls): ${summary.mix.callsPerSecond === null ? 'no limit' : `${oneDecimal(summary.mix.callsPerSecond)} calls/s, set by the ${summary.mix.setBy}`}`,
  ].join('\n');
}
