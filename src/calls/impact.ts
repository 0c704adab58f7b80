// The impact of a configuration on the recent calls of its workspaces: the call history read (CallHistory), each call
// replayed against the configuration (replayImpact, pure), and the result put in words. `config push --impact` and
// the console's impact panel both use it.
import type { Bundle } from '../config/types';
import { DAY_MS } from '../routing/time-text';
import { replayImpact, type ImpactReport, type PastCall } from '../routing/impact';
import type { CallerCount } from '../routing/types';
import type { RouteEntry } from './call-log';
import { callerOf } from '../phone/caller-id';
import type { CallHistory, HistoryCall } from './history';

/** How far back an impact looks unless told otherwise. */
export const IMPACT_DEFAULT_DAYS = 7;

/** The instant `days` before `now`: where an impact's replay starts. */
export function impactSince(now: Date, days: number = IMPACT_DEFAULT_DAYS): Date {
  return new Date(now.getTime() - days * DAY_MS);
}

/**
 * The abuse guard's count a route recorded. A route the guard turned away before counts were recorded was over
 * the limit then, by how much unknown: it stays over any limit (and routes as usual once the guard is off).
 */
function guardCountOf(route: RouteEntry): CallerCount | undefined {
  if (route.callerCalls !== undefined) return { counted: true, calls: route.callerCalls };
  return route.rule === 'abuse-guard' ? { counted: true, calls: Number.POSITIVE_INFINITY } : undefined;
}

/** The history's calls as past routes: those with a route entry (what incoming-call decided). */
export function pastCalls(calls: readonly (Pick<HistoryCall, 'callSid' | 'route'> & Partial<HistoryCall>)[]): PastCall[] {
  return calls.flatMap((call) =>
    call.route
      ? [
          {
            callSid: call.callSid,
            at: call.route.at,
            from: call.route.from,
            to: call.route.to,
            caller: callerOf(call.route.from),
            callerCount: guardCountOf(call.route),
            rule: call.route.rule,
            legs: call.route.legs,
            // What the call carried into its decision, replayed as it was (a call through a menu presses the same keys).
            ...(call.route.stir !== undefined ? { stir: call.route.stir } : {}),
            ...(call.route.presses ? { presses: call.route.presses } : {}),
            ...(call.route.rotation ? { rotation: call.route.rotation } : {}),
            ...(call.route.lastAnswered ? { lastAnswered: call.route.lastAnswered } : {}),
            ...(call.route.menu ? { menu: call.route.menu.chose } : {}),
          },
        ]
      : [],
  );
}

/** The recent calls (since `since`) of these workspaces (default: all of the configuration's), replayed against it. */
export async function impactOnHistory(
  history: CallHistory,
  configuration: Bundle,
  since: Date,
  workspaceIds: readonly string[] = configuration.workspaces.map((workspace) => workspace.id),
): Promise<ImpactReport & { since: string }> {
  const calls = await history.list(workspaceIds, { since });
  return { ...replayImpact(pastCalls(calls), configuration), since: since.toISOString() };
}

const route = (rule: string, legs: readonly string[], menu?: string | null) =>
  `${rule}${menu !== undefined ? ` (menu: ${menu === null ? 'no option' : `option ${menu}`})` : ''}${legs.length ? ` [${legs.join(', ')}]` : ''}`;

/** The report as lines for a terminal: one per call that would change, then the count. */
export function formatImpact(report: ImpactReport & { since: string }): string {
  const lines = [
    `Impact on the calls since ${report.since}: ${report.replayed} replayed${report.skipped ? `, ${report.skipped} skipped (outbound, abuse guard)` : ''}`,
  ];
  for (const change of report.changes) {
    lines.push(
      `  ${change.at} ${change.callSid} ${change.from} -> ${change.to}: ${route(change.before.rule, change.before.legs, change.before.menu)} -> ${route(change.after.rule, change.after.legs, change.after.menu)}`,
    );
  }
  lines.push(
    report.changes.length
      ? `${report.changes.length} of ${report.replayed} calls would now route differently.`
      : 'No call would route differently.',
  );
  return `${lines.join('\n')}\n`;
}
