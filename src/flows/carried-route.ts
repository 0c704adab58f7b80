// The route a call was given, carried to the steps after incoming-call so they follow it instead of
// deciding again (a call that rang Alice just before closing still gets Alice's greeting after it; a
// configuration change mid-call changes nothing for it). It travels in the signed <Dial action> URL (the callback
// state codec, src/calls/callback-state), and in the call log's route entry for callbacks that do not carry it.
import type { CallLog, RouteEntry } from '../calls/call-log';
import type { CarriedRoute } from '../calls/callback-state';
import type { NumberEntry } from '../routing/lookup';
import { voicemailGreeting } from '../routing/decide';
import type { Decision, VoicemailGreeting } from '../routing/types';

export type { CarriedRoute } from '../calls/callback-state';

/** The greeting owner as carried: the rung user's id (prefixed), the company's, the spoken default, or none. */
export function greetingOwnerOf(decision: Pick<Decision, 'voicemail'>): string {
  const greeting = decision.voicemail;
  if (!greeting) return 'none';
  if (greeting.kind === 'default') return 'default';
  return greeting.owner === 'company' ? 'company' : `user:${greeting.owner}`;
}

export function routeOfDecision(decision: Decision): CarriedRoute {
  return { rule: decision.rule, callConnect: decision.callConnect.enabled, greeting: greetingOwnerOf(decision) };
}

/** The route recorded in the call log by incoming-call, when it recorded the carried fields. */
export function routeFromLog(entry: RouteEntry): CarriedRoute | null {
  if (entry.callConnect === undefined || entry.greeting === undefined) return null;
  return { rule: entry.rule, callConnect: entry.callConnect, greeting: entry.greeting ?? 'none' };
}

/** The route entry of the call, read once per request and only when asked for (`known`: already at hand). */
export function routeReader(callLog: CallLog, callSid: string, known?: RouteEntry | null): () => Promise<RouteEntry | null> {
  let read: Promise<RouteEntry | null> | undefined = known === undefined ? undefined : Promise.resolve(known);
  return () => (read ??= callLog.readStep<RouteEntry>(callSid, 'route'));
}

/**
 * The voicemail greeting of the carried route, in today's configuration of the called number: the owner's greeting,
 * falling back (as routing does) to the company's and then a spoken default if theirs is gone. Null: no voicemail.
 */
export function carriedGreeting(route: CarriedRoute, line: NumberEntry | null): (VoicemailGreeting & { maxLengthSeconds: number }) | null {
  if (route.greeting === 'none' || !line) return null;
  const { workspace, users } = line;
  const owner = route.greeting.startsWith('user:') ? (users.get(route.greeting.slice('user:'.length)) ?? null) : null;
  return { ...voicemailGreeting(owner, workspace), maxLengthSeconds: workspace.voicemail.maxLengthSeconds };
}
