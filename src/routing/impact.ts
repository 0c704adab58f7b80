// The impact of a configuration change on real past calls: each call of the history replayed against the edited
// configuration, at the instant it came in (with its caller and the abuse guard's count then), and compared with the route it was given (rule and legs). Only the
// calls that would now route differently are returned, with the old and the new route side by side. Pure: the
// caller reads the history and the configuration; nothing here does I/O or reads the clock.
import type { CallerNumber } from './caller';
import { decide } from './decide';
import { legLabel } from './legs';
import type { RoutingConfiguration } from './lookup';
import type { CallerCount, CallInput, RouteRule } from './types';

/** A past call as the history keeps it: who called which number when, and the route it was given. */
export interface PastCall {
  callSid: string;
  at: string;
  from: string;
  to: string;
  /** The caller as src/phone/caller-id's callerOf classifies `from` (the reader of the history classifies it). */
  caller: CallerNumber;
  /** The abuse guard's count when the call came (absent: not counted), replayed against the edited limit. */
  callerCount?: CallerCount;
  rule: RouteRule;
  legs: readonly string[];
  /** What the call carried into its decision (issue 20): replayed as it was, so a call through a menu takes the same keys. */
  stir?: string;
  presses?: readonly string[];
  rotation?: CallInput['rotation'];
  lastAnswered?: CallInput['lastAnswered'];
  /** The menu option the call took then (its digit), when it went through a phone menu. */
  menu?: string | null;
}

export interface RouteChange {
  callSid: string;
  at: string;
  from: string;
  to: string;
  before: { rule: RouteRule; legs: string[]; menu?: string | null };
  after: { rule: RouteRule; legs: string[]; action: string; menu?: string | null };
}

export interface ImpactReport {
  /** Calls replayed (those with a valid time and a route). */
  replayed: number;
  /** Calls skipped: no valid time, or not a call the table routes (an outbound call). */
  skipped: number;
  changes: RouteChange[];
}

const sameLegs = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && [...a].sort().every((leg, i) => leg === [...b].sort()[i]);

export function replayImpact(calls: readonly PastCall[], configuration: RoutingConfiguration): ImpactReport {
  const report: ImpactReport = { replayed: 0, skipped: 0, changes: [] };
  for (const call of calls) {
    const at = new Date(call.at);
    if (Number.isNaN(at.getTime()) || call.rule === 'outbound') {
      report.skipped += 1;
      continue;
    }
    report.replayed += 1;
    const { stir, presses, rotation, lastAnswered } = call;
    const input: CallInput = { to: call.to, from: call.from, caller: call.caller, callerCount: call.callerCount };
    if (stir !== undefined) input.stir = stir;
    if (presses !== undefined) input.presses = presses;
    if (rotation !== undefined) input.rotation = rotation;
    if (lastAnswered !== undefined) input.lastAnswered = lastAnswered;
    const decision = decide(input, configuration, at);
    const legs = decision.targets.map(legLabel);
    const menu = decision.menu?.chose ?? null;
    const menuSame = (call.menu ?? null) === menu;
    if (decision.rule === call.rule && sameLegs(legs, call.legs) && menuSame) continue;
    const menus = call.menu != null || menu !== null;
    report.changes.push({
      callSid: call.callSid,
      at: call.at,
      from: call.from,
      to: call.to,
      before: { rule: call.rule, legs: [...call.legs], ...(menus ? { menu: call.menu ?? null } : {}) },
      after: { rule: decision.rule, legs, action: decision.action, ...(menus ? { menu } : {}) },
    });
  }
  return report;
}
