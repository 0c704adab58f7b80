// A call's route once decided, for the steps that decide it (incoming-call; gather-complete after each prompt): the
// call log's route entry made from the decision, and what a route that ends the call here causes (the text-back
// hand-off and the users' notices), written once for both.
import type { RouteEntry } from '../calls/call-log';
import { routeTrace } from '../calls/call-log';
import { legLabel } from '../routing/legs';
import type { CallInput, Decision } from '../routing/types';
import type { WebhookRequest } from '../runtime/request';
import { tellOfCallEnd } from './call-notices';
import { noTextBackWhy, routeEntryExtras, routeOfDecision } from './carried-route';
import { handMissedCall } from './missed-call';

/**
 * The route entry of `decision`, decided at `at` (the call's first instant) with `input`'s StirVerstat, answers,
 * round-robin turn and last answering user, as the call log keeps it (impact replays the call with them).
 */
export function routeEntryOf(
  request: Pick<WebhookRequest, 'warnings'>,
  decision: Decision,
  at: Date,
  input: Pick<CallInput, 'stir' | 'presses' | 'rotation' | 'lastAnswered'>,
  extra: Pick<RouteEntry, 'callerCalls'> = {},
): RouteEntry {
  const carried = routeOfDecision(decision);
  return {
    at: at.toISOString(),
    to: decision.to,
    from: decision.from,
    workspace: decision.workspace,
    rule: decision.rule,
    action: decision.action,
    legs: decision.targets.map(legLabel),
    rungUsers: [...new Set(decision.targets.flatMap((target) => (target.user ? [target.user] : [])))],
    callerId: decision.callerId,
    reason: decision.trace.find((entry) => entry.applied)?.reason ?? '',
    callConnect: carried.callConnect,
    greeting: carried.greeting,
    trace: routeTrace(decision.trace),
    ...routeEntryExtras(decision, input),
    ...extra,
    ...(request.warnings.length ? { warnings: request.warnings } : {}),
  };
}

/**
 * What a route that ends the call at this step causes, at once (the caller is waiting for the answer): nothing rung
 * (hang-up) or straight to voicemail is a missed call, handed to text-back, which texts nobody when the decision says
 * a screened call is never texted (the call log says why); a hang-up or a rejection is the call's end, told now
 * (voicemail-complete tells of a voicemail). A screened call's hang-up (a robot that failed the challenge) is counted
 * in the history, without a missed-call notice to the users.
 */
export async function endOfDecidedCall(request: WebhookRequest, decision: Decision, route: RouteEntry): Promise<void> {
  const missed = decision.action === 'voicemail' || decision.action === 'hangup';
  const reason = decision.action === 'hangup' ? 'nothing to ring' : `straight to voicemail (${decision.rule})`;
  const screened = decision.textBack === false ? { why: noTextBackWhy(decision) } : undefined;
  const notice = decision.action === 'hangup' && !screened ? 'missed-call' : null;
  await Promise.all([
    missed ? handMissedCall(request, reason, screened) : undefined,
    decision.action === 'hangup' || decision.action === 'reject' ? tellOfCallEnd(request, { dial: null, notice, route }) : undefined,
  ]);
}
