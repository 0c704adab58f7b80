// incoming-call: the Voice URL of every routed number. Counts the caller for the abuse guard, decides the route
// (the table's `abuse-guard` rule turns away a caller over the limit), records it in the call log, hands a call that rings nobody to the missed-call seam,
// and answers with the route's TwiML.
import type { WebhookRequest } from '../runtime/request';
import { callHistoryTtlSeconds, isCallSid, type RouteEntry } from '../calls/call-log';
import { CallerGuard } from '../calls/caller-guard';
import { LastCalls } from '../calls/last-call';
import { legLabel } from '../routing/legs';
import { overCallerLimit } from '../routing/rules';
import type { CallerNumber } from '../phone/caller-id';
import type { Workspace } from '../config/types';
import type { CallerCount, CallInput, Decision } from '../routing/types';
import { decisionToTwiml } from '../twiml/voice';
import { sayVoiceOf } from '../config/voices';
import { carriedInputsOf, decideWithWants } from './call-inputs';
import { tierSummary } from './carried-route';
import { decidedCallUrls, endOfDecidedCall, routeEntryOf } from './decided-route';

export function summarizeDecision(decision: Decision): string {
  const applied = decision.trace.find((entry) => entry.applied);
  const legs = decision.targets.map(legLabel);
  return `${decision.action} by rule ${decision.rule}${legs.length ? ` -> ${legs.join(', ')}` : ''}${applied ? ` (${applied.reason})` : ''}`;
}

export async function incomingCall(request: WebhookRequest): Promise<string> {
  const { params, now, log, callLog, call } = request;
  // The call's context classified the caller once, for every use below: routing, the abuse guard, the contact
  // carried on, the last call; and its log goes to its workspace's shard (no workspace: a number not routed).
  const configuration = await call.configuration();
  const line = await call.line();
  const { caller } = call;
  // The abuse guard's count, before the decision that judges it (a number no workspace routes is not counted).
  const callerCount = line ? await countCaller(request, line.workspace, caller) : undefined;
  // The call's StirVerstat (SHAKEN/STIR) as Twilio sent it; the round-robin turn and the last answering user are read
  // only when the decision wants them (decideWithWants completes `input` with them).
  const input: CallInput = { to: call.to, from: call.from, caller, callerCount, ...(call.stir !== undefined ? { stir: call.stir } : {}) };
  const decision = await decideWithWants(request, input, configuration, line?.workspace ?? null, now);
  log.info(`${call.from || '(no From)'} -> ${call.to || '(no To)'}: ${summarizeDecision(decision)}`);
  if (decision.tiers.length > 1) log.info(`ring tier 1 of ${decision.tiers.length}: ${tierSummary(decision, 0)}`);
  const turnedAway = decision.rule === 'abuse-guard';
  for (const drop of decision.dropped) log.warn(`dropped leg (${drop.reason}): ${drop.detail}`);

  const route = routeEntryOf(request, decision, input, now, callerCount?.counted ? { callerCalls: callerCount.calls } : {});
  if (turnedAway) log.warn(`abuse guard: ${route.reason}; rejected without ringing or texting`);
  // A caller the guard turns away is not their workspace's last caller: nothing rang, and the guard's cost stays fixed.
  await Promise.all([
    callLog.write(params.CallSid, 'route', route),
    turnedAway ? undefined : recordLastCall(request, line?.workspace.id ?? null, route, caller),
  ]);
  // The text-back of a call nobody is rung for, and the notices of a call that ends here.
  await endOfDecidedCall(request, decision, route);
  // What this step learned of the caller is carried to the later steps (a withheld caller has no contact to carry).
  const contact = line && !caller.withheld ? line.contact : undefined;
  const transcribe = line?.workspace.notifications.transcription === true;
  const place = await callLog.place();
  // A prompt (the spam challenge, the phone menu) posts its answer to gather-complete, which decides again with it.
  const inputs = { at: decision.at, ...carriedInputsOf(input) };
  return decisionToTwiml(decision, decidedCallUrls(call, decision, place, contact, inputs, transcribe), 0, sayVoiceOf(line?.workspace));
}

/** The caller's last call (whom it rang), for the replies they text afterwards (src/flows/incoming-sms). Never breaks the call. */
export async function recordLastCall(
  request: WebhookRequest,
  workspaceId: string | null,
  route: RouteEntry,
  caller: CallerNumber,
): Promise<void> {
  const callSid = request.params.CallSid;
  if (!workspaceId || caller.withheld || !isCallSid(callSid)) return;
  try {
    await new LastCalls(request.services.state, request.services.shards, callHistoryTtlSeconds(request.env.CALL_HISTORY_DAYS)).record(
      workspaceId,
      caller.number,
      { callSid, place: await request.callLog.place(), rungUsers: route.rungUsers ?? [], at: request.now },
    );
  } catch (error) {
    request.log.error(`could not record this call as ${caller.number}'s last call; a reply they send is forwarded without it`, error);
  }
}

/**
 * Whether this request is Twilio's retry of a call the guard already let through (our connection overrides ask
 * Twilio to retry a 5xx: src/runtime/connection-overrides.ts): the call's route is in its log, so the count over
 * the limit is this one call counted twice, not a caller calling again. Read only when the guard refuses, so a call
 * pays nothing for it. (A first attempt that died between its count and its route is not seen: its retry counts
 * once more, as a call would.)
 */
async function admittedBefore(request: WebhookRequest): Promise<boolean> {
  try {
    const earlier = await request.callLog.readStep<RouteEntry>(request.params.CallSid, 'route');
    if (!earlier || earlier.rule === 'abuse-guard') return false;
    request.log.info(`abuse guard: ${request.params.CallSid} was let through before (a retried webhook): it goes on`);
    return true;
  } catch {
    return false;
  }
}

/**
 * The abuse guard's count of this call (src/calls/caller-guard), for decide()'s `abuse-guard` rule to judge. A
 * withheld caller is counted under its placeholder (`withheld:anonymous`, ...): apart from the other placeholders
 * and never with a real number. If the count cannot be kept (the store is failing), the call goes through: a live
 * caller is never refused for our fault. Undefined: the guard is off, nothing counted.
 */
async function countCaller(request: WebhookRequest, workspace: Workspace, caller: CallerNumber): Promise<CallerCount | undefined> {
  const limit = workspace.inbound.maxCallsPerCallerPerMinute;
  const guard = new CallerGuard(request.services.state, request.services.shards, limit);
  let calls: number | null;
  try {
    calls = await guard.count(workspace.id, caller.withheld ? caller.key : caller.number, request.now);
  } catch (error) {
    request.log.error('abuse guard: could not count the call; letting it through', error);
    return { counted: false, why: 'not counted: the state store failed' };
  }
  if (calls === null) return undefined;
  if (overCallerLimit(calls, limit) && (await admittedBefore(request))) return { counted: false, why: 'a retry of a call let through' };
  return { counted: true, calls };
}
