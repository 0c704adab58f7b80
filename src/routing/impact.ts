// The impact of a configuration change on real past calls: each call of the history replayed against the edited
// configuration, at the instant it came in, and compared with the route it was given (rule and legs). Only the
// calls that would now route differently are returned, with the old and the new route side by side. Pure: the
// caller reads the history and the configuration; nothing here does I/O or reads the clock.
import type { CallerNumber } from './caller';
import { decide } from './decide';
import { legLabel } from './legs';
import type { RoutingConfiguration } from './lookup';

/** A past call as the history keeps it: who called which number when, and the route it was given. */
export interface PastCall {
  callSid: string;
  at: string;
  from: string;
  to: string;
  /** The caller as src/phone/caller-id's callerOf classifies `from` (the reader of the history classifies it). */
  caller: CallerNumber;
  rule: string;
  legs: readonly string[];
}

export interface RouteChange {
  callSid: string;
  at: string;
  from: string;
  to: string;
  before: { rule: string; legs: string[] };
  after: { rule: string; legs: string[]; action: string };
}

export interface ImpactReport {
  /** Calls replayed (those with a valid time and a route). */
  replayed: number;
  /** Calls skipped: no valid time, or not a routed call (an outbound call, a rejected caller's guard). */
  skipped: number;
  changes: RouteChange[];
}

/** Rules that are not the routing table's decision, and so are not replayed. */
const NOT_REPLAYED = new Set(['outbound', 'abuse-guard']);

const sameLegs = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && [...a].sort().every((leg, i) => leg === [...b].sort()[i]);

export function replayImpact(calls: readonly PastCall[], configuration: RoutingConfiguration): ImpactReport {
  const report: ImpactReport = { replayed: 0, skipped: 0, changes: [] };
  for (const call of calls) {
    const at = new Date(call.at);
    if (Number.isNaN(at.getTime()) || NOT_REPLAYED.has(call.rule)) {
      report.skipped += 1;
      continue;
    }
    report.replayed += 1;
    const decision = decide({ to: call.to, from: call.from, caller: call.caller }, configuration, at);
    const legs = decision.targets.map(legLabel);
    if (decision.rule === call.rule && sameLegs(legs, call.legs)) continue;
    report.changes.push({
      callSid: call.callSid,
      at: call.at,
      from: call.from,
      to: call.to,
      before: { rule: call.rule, legs: [...call.legs] },
      after: { rule: decision.rule, legs, action: decision.action },
    });
  }
  return report;
}
