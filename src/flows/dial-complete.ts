// dial-complete: the <Dial action>. It follows the route the call was given (carried on its URL, else read
// once from the call log; decided again only for a call that carries neither) and asks who Twilio bridged:
// DialBridged says whether it bridged (when Twilio leaves it out, a dial that ended `completed` or `answered` was
// bridged: dialBridged), DialCallSid names the leg, and that leg's own records say what it was. Answered means a
// person talked: bridged and, with call connect on, that leg pressed a key after the whisper, or it is an app leg
// (which needs none). Then the call ends. When the call log cannot say, a bridged call counts as answered: it is
// never greeted, recorded or texted because a read failed. Anything else is a missed call: recorded,
// handed to the missed-call seam, and, while the caller is still on the line, the route's greeting and
// <Record>. A route that rings in tiers (issue 20) carries the tier ringing and its decision's inputs: a tier that
// ends unanswered with the caller still on the line and a tier after it is decided again (same inputs, same instant)
// and answered with the next tier's <Dial>; only the last tier's end is the missed call. A call answered by a user
// is remembered as the caller's last answering user when the workspace's sticky agent is on.
import type { Fallback, WebhookRequest } from '../runtime/request';
import { isCallSid, type DialEntry, type LegEntry, type Lookup, type RouteEntry, type TierEntry } from '../calls/call-log';
import { decodeCallbackState } from '../calls/callback-state';
import type { CalledLine } from '../calls/call-context';
import { LastAnsweredUsers } from '../calls/last-answered';
import { decide, defaultGreetingText } from '../routing/decide';
import { clientIdentity, legLabel } from '../routing/legs';
import type { Decision } from '../routing/types';
import { decisionToTwiml, goodbyeTwiml, voicemailTwiml } from '../twiml/voice';
import { carriedInputsOf } from './call-inputs';
import { carriedGreeting, noTextBackWhy, routeFromLog, routeOfDecision, routeTier, tierSummary, type CarriedRoute } from './carried-route';
import { handMissedCall } from './missed-call';
import { tellOfCallEnd } from './call-notices';
import { PATHS, callCallbackUrl, flowUrlsFor, stateUrl, transcribeCallbackUrl } from './urls';

const MISSED_REASONS: Record<string, string> = {
  'no-answer': 'no answer',
  busy: 'busy',
  failed: 'the call could not be connected',
  canceled: 'the caller hung up',
  // DialBridged false says a leg picked up but was never connected to the caller.
  completed: 'a leg picked up but was not connected to the caller',
  answered: 'a leg picked up but was not connected to the caller',
};

/** The DialCallStatus values of a dial that connected the caller to someone (Twilio's <Dial> docs). */
const CONNECTED_STATUSES = new Set(['completed', 'answered']);

/**
 * Whether Twilio bridged the caller to a leg. `DialBridged` says so when Twilio sends it; without it, a dial that
 * ended `completed` or `answered` was bridged (a person talked), and any other status was not. A value that is
 * neither true nor false counts as absent.
 */
function dialBridged(params: Readonly<Record<string, string | undefined>>): { bridged: boolean; inferred: boolean } {
  const said = params.DialBridged?.trim().toLowerCase();
  if (said === 'true' || said === 'false') return { bridged: said === 'true', inferred: false };
  return { bridged: CONNECTED_STATUSES.has(params.DialCallStatus?.trim().toLowerCase() ?? ''), inferred: true };
}

/** Whether the bridged leg counts as a person answering, and why. */
export interface BridgedVerdict {
  answered: boolean;
  answeredBy: string | null;
  reason: string;
}

const absent: Lookup<LegEntry> = { state: 'absent' };

/**
 * Who answered a bridged call. `leg` and `accept` are the bridged leg's own records (DialCallSid): the leg
 * that picked up, and its key press after the whisper.
 */
export function bridgedVerdict(
  callConnect: boolean,
  dialCallSid: string | null,
  leg: Lookup<LegEntry>,
  accept: Lookup<LegEntry>,
): BridgedVerdict {
  const label = leg.state === 'found' ? leg.entry.leg : accept.state === 'found' ? accept.entry.leg : null;
  const answered = (reason: string): BridgedVerdict => ({ answered: true, answeredBy: label, reason });
  if (!dialCallSid)
    return answered('bridged; Twilio named no leg (no DialCallSid), and a bridged call is not counted as missed on a guess');
  if (!callConnect) return answered(`answered by ${label ?? `leg ${dialCallSid}`} (call connect off: bridged is answered)`);
  if (accept.state === 'found') return answered(`answered by ${accept.entry.leg}, which pressed a key after the whisper`);
  if (leg.state === 'found' && leg.entry.leg.startsWith('client:'))
    return answered(`answered by ${leg.entry.leg}, an app leg (no key press needed)`);
  if (leg.state === 'unreadable' || accept.state === 'unreadable') {
    return answered(
      `bridged to leg ${dialCallSid}, and the call log could not be read: a bridged call is never counted as missed because a read failed`,
    );
  }
  if (leg.state === 'found') {
    return {
      answered: false,
      answeredBy: null,
      reason: `bridged to ${leg.entry.leg} without a key press (its voicemail, or a person who did not accept)`,
    };
  }
  // Neither record: they could not be written. The whisper bridges a phone leg only after its key press.
  return answered(
    `bridged to leg ${dialCallSid}, which the call log does not know (its records could not be written); the whisper bridges a phone only after a key press`,
  );
}

/** The call log's route entry, read at most once: for the route when the URL carries none, and for the notices. */
function routeLookup({ callLog, params }: WebhookRequest) {
  let read: Promise<Lookup<RouteEntry>> | undefined;
  const lookup = () => (read ??= callLog.lookup<RouteEntry>(params.CallSid, 'route'));
  const entry = async () => {
    const found = await lookup();
    return found.state === 'found' ? found.entry : null;
  };
  return { lookup, entry };
}

/** The route this call was given, and where it came from; decided again only when nothing carries it. */
async function followedRoute(
  request: WebhookRequest,
  logged: () => Promise<Lookup<RouteEntry>>,
): Promise<{ route: CarriedRoute; source: string }> {
  const { log, now, call } = request;
  if (call.carried.route) return { route: call.carried.route, source: 'the callback URL' };
  const found = await logged();
  const fromLog = found.state === 'found' ? routeFromLog(found.entry) : null;
  if (fromLog) return { route: fromLog, source: 'the call log' };
  const why = found.state === 'unreadable' ? 'the call log could not be read' : 'the call log has no route for it';
  log.warn(`the route was not carried on the callback URL and ${why}: deciding it again`);
  const decision = decide({ to: call.to, from: call.from, caller: call.caller }, await call.configuration(), now);
  return { route: routeOfDecision(decision), source: `decided again (${why})` };
}

export async function dialComplete(request: WebhookRequest): Promise<string> {
  const { params, now, log, callLog, call } = request;
  const dialStatus = params.DialCallStatus ?? 'unknown';
  const { bridged, inferred } = dialBridged(params);
  const dialCallSid = isCallSid(params.DialCallSid) ? params.DialCallSid : null;
  const callerGone = params.CallStatus === 'completed' || params.CallStatus === 'canceled';
  const { lookup: loggedRoute, entry: routeEntry } = routeLookup(request);
  const { route, source } = await followedRoute(request, loggedRoute);
  const entry = (fields: Pick<DialEntry, 'outcome' | 'answeredBy' | 'reason'>): DialEntry => ({
    at: now.toISOString(),
    dialStatus,
    bridged,
    dialCallSid,
    route: source,
    ...fields,
  });

  let reason: string;
  if (bridged) {
    // The whole call in one listing: its legs for the verdict, and its route for the history (no second read).
    const whole = dialCallSid && isCallSid(params.CallSid) ? await callLog.lookupCall(params.CallSid) : null;
    const legOf = (kept: Record<string, LegEntry> | undefined): Lookup<LegEntry> => {
      if (!whole || whole.state === 'absent') return absent;
      if (whole.state === 'unreadable') return whole;
      const found = dialCallSid ? kept?.[dialCallSid] : undefined;
      return found ? { state: 'found', entry: found } : absent;
    };
    const leg = legOf(whole?.state === 'found' ? whole.entry.legs : undefined);
    const accept = route.callConnect ? legOf(whole?.state === 'found' ? whole.entry.accepts : undefined) : absent;
    const listedRoute = whole?.state === 'found' ? whole.entry.route : undefined;
    const answeredRoute = listedRoute ? async () => listedRoute : routeEntry;
    const verdict = bridgedVerdict(route.callConnect, dialCallSid, leg, accept);
    // Said so, or inferred: the entry says which, so a reader knows why a call with no DialBridged counts as bridged.
    if (inferred) verdict.reason = `${verdict.reason}; Twilio sent no DialBridged, and a dial that ended ${dialStatus} was bridged`;
    if (verdict.answered) {
      const dial = entry({ outcome: 'answered', answeredBy: verdict.answeredBy, reason: verdict.reason });
      await callLog.write(params.CallSid, 'dial', dial);
      log.info(`${verdict.reason} (${dialStatus}); the call ends`);
      await Promise.all([
        tellOfCallEnd(request, { dial, notice: null, route: answeredRoute }),
        rememberAnswerer(request, verdict.answeredBy),
      ]);
      return goodbyeTwiml();
    }
    reason = verdict.reason;
  } else {
    reason = callerGone && dialStatus !== 'busy' ? 'the caller hung up' : (MISSED_REASONS[dialStatus] ?? `dial ended ${dialStatus}`);
  }

  // A tier that ended unanswered, the caller still there: the next tier rings, if the route has one.
  const nextTier = callerGone || dialStatus === 'canceled' ? null : await ringNextTier(request, route, dialStatus, reason);
  if (nextTier) return nextTier;

  const line = await call.line();
  const dial = entry({ outcome: 'missed', answeredBy: null, reason });
  await callLog.write(params.CallSid, 'dial', dial);
  const greeting = callerGone ? null : carriedGreeting(route, line);
  const place = await callLog.place();
  // The text-back and, when no voicemail follows, the users' notices at once: the caller is waiting for the answer.
  const screened = await carriedDecision(request);
  await Promise.all([
    handMissedCall(request, reason, screened?.textBack === false ? { why: noTextBackWhy(screened) } : undefined),
    greeting ? undefined : tellOfCallEnd(request, { dial, notice: 'missed-call', route: routeEntry }),
  ]);
  if (!greeting) {
    log.info(`missed (${reason}); ${callerGone ? 'the caller is gone' : 'the route has no voicemail'}, no voicemail`);
    return callerGone ? goodbyeTwiml() : voicemailTwiml(null, callCallbackUrl(PATHS.voicemailComplete, place));
  }
  // Voicemail follows: voicemail-complete tells the users (of the voicemail, or else of the missed call) and sends call.completed.
  log.info(`missed (${reason}); voicemail with the ${greeting.owner} greeting (route ${route.rule}, from ${source})`);
  const transcribe = line?.workspace.notifications.transcription === true;
  // The caller's contact, as carried here, rides on to voicemail-complete (which then reads none).
  const carriedContact = call.carried.contact !== undefined ? { contact: call.carried.contact } : {};
  return voicemailTwiml(
    greeting,
    callCallbackUrl(PATHS.voicemailComplete, place, carriedContact),
    transcribe ? transcribeCallbackUrl(place) : undefined,
  );
}

/**
 * The call's decision again, for a call that carries its decision's instant (a route ringing in tiers): the same
 * inputs at the same instant give the same tiers (decide is pure). Null for a call that carries no instant (one
 * tier, or in flight across a deploy): it goes on as today. Decided once per request.
 */
const redecided = new WeakMap<WebhookRequest, Promise<Decision | null>>();
function carriedDecision(request: WebhookRequest): Promise<Decision | null> | null {
  const { call } = request;
  if (!call.carried.at) return null;
  let found = redecided.get(request);
  if (!found) {
    const at = new Date(call.carried.at);
    found = call
      .configuration()
      .then((configuration) =>
        decide({ to: call.to, from: call.from, caller: call.caller, ...carriedInputsOf(call.carried) }, configuration, at),
      )
      .catch((error: unknown) => {
        request.log.error('could not decide the call again with what it carries; it ends as a single dial would', error);
        return null;
      });
    redecided.set(request, found);
  }
  return found;
}

/**
 * The next tier's <Dial>, when the tier that just ended (`carried.tier`) has one after it in the call's decision;
 * null otherwise (the call ends as a missed one). Its ring is recorded once per tier (`tier:<index>`), so a retried
 * webhook answers the same <Dial> without ringing it twice in the log.
 */
async function ringNextTier(request: WebhookRequest, route: CarriedRoute, dialStatus: string, reason: string): Promise<string | null> {
  const { call, callLog, log, params, now } = request;
  const ended = call.carried.tier;
  const decided = carriedDecision(request);
  if (ended === undefined || !decided) return null;
  const decision = await decided;
  const next = ended + 1;
  const tier = decision?.action === 'dial' ? decision.tiers?.[next] : undefined;
  if (!decision || !tier) return null;
  const rung: TierEntry = { at: now.toISOString(), tier: next, ...routeTier(tier), after: { dialStatus, reason } };
  const written = await callLog.writeItemFirst(params.CallSid, 'tier', String(next), rung);
  const where = `ring tier ${next + 1} of ${decision.tiers.length}: ${tierSummary(decision, next)}`;
  if (written === 'exists') log.info(`tier ${next + 1} was rung already (a retried webhook): answering its <Dial> again; ${where}`);
  else log.info(`tier ${ended + 1} ended unanswered (${reason}); ${where}`);
  const line = await call.line();
  const transcribe = line?.workspace.notifications.transcription === true;
  const dialState = { at: decision.at, tier: next, ...carriedInputsOf(call.carried) };
  const urls = flowUrlsFor(call, route, await callLog.place(), call.carried.contact, { transcribe, dialState });
  return decisionToTwiml(decision, urls, next);
}

/** The user a leg rang for: by the call's decision when it carries one, else by app identity or the user's own phone. */
async function userOfLeg(request: WebhookRequest, line: CalledLine, label: string): Promise<string | null> {
  const decision = await carriedDecision(request);
  const target = decision?.targets.find((candidate) => legLabel(candidate) === label);
  if (target?.user) return target.user;
  const { workspace, users } = line;
  const matching = [...users.values()].filter(
    (user) =>
      label === `number:${user.phone}` ||
      label === `client:${clientIdentity(workspace.id, user.id, 'web')}` ||
      label === `client:${clientIdentity(workspace.id, user.id, 'mobile')}`,
  );
  return matching.length === 1 ? matching[0]!.id : null;
}

/**
 * Remembers the user who answered as the caller's last answering user (the sticky agent, when the workspace has it
 * on and the caller is not withheld). Never breaks the call.
 */
async function rememberAnswerer(request: WebhookRequest, answeredBy: string | null): Promise<void> {
  const { call, log, services, now, params } = request;
  try {
    const line = await call.line();
    const sticky = line?.workspace.inbound.stickyAgent;
    if (!line || !sticky?.enabled || call.caller.withheld || !answeredBy || !isCallSid(params.CallSid)) return;
    const user = await userOfLeg(request, line, answeredBy);
    if (!user) return log.info(`sticky agent: ${answeredBy} is no one user's leg; not remembered`);
    // The call's own instant: when it came in (carried), else now.
    const at = call.carried.at ?? now.toISOString();
    await new LastAnsweredUsers(services.state, services.shards).record(
      line.workspace.id,
      call.caller.number,
      { user, callSid: params.CallSid, at },
      sticky.days,
    );
    log.info(`sticky agent: ${user} answered ${call.caller.number}; their next call rings ${user} first`);
  } catch (error) {
    log.error('sticky agent: could not remember who answered; the call is unaffected', error);
  }
}

/** Failing: a bridged call ends; an unanswered one still gets voicemail with the spoken default greeting. */
export const dialCompleteFallback: Fallback = ({ params }) => {
  if (dialBridged(params).bridged || params.CallStatus === 'completed') return { reply: goodbyeTwiml(), description: 'ending the call' };
  const greeting = { kind: 'default' as const, text: defaultGreetingText(null), owner: 'default' as const, maxLengthSeconds: 120 };
  return {
    // The place as carried; without one, voicemail-complete finds it from the called number's workspace.
    reply: voicemailTwiml(greeting, stateUrl(PATHS.voicemailComplete, { place: decodeCallbackState(params).place })),
    description: 'voicemail with the default greeting',
  };
};
