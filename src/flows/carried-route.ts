// The route a call was given, carried to the steps after incoming-call so they follow it instead of
// deciding again (a call that rang Alice just before closing still gets Alice's greeting after it; a
// configuration change mid-call changes nothing for it). It travels in the signed <Dial action> URL as
// `cr...` query parameters, and in the call log's route entry for callbacks that do not carry it.
import type { RouteEntry } from '../calls/call-log';
import { indexBundle, voicemailGreeting, type RoutingConfiguration } from '../routing';
import type { Decision, VoicemailGreeting } from '../routing/types';

export interface CarriedRoute {
  rule: string;
  /** Phone legs must press a key after the whisper. */
  callConnect: boolean;
  /** Whose greeting if nobody answers: `user:<id>`, `company`, `default`, or `none` (no voicemail). */
  greeting: string;
}

const GREETING = /^(user:[a-z0-9-]+|company|default|none)$/;
const RULE = /^[a-z][a-z-]{0,40}$/;

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

/** The query parameters that carry a route on a callback URL. */
export function routeQuery(route: CarriedRoute): Record<string, string> {
  return { crRule: route.rule, crConnect: route.callConnect ? '1' : '0', crGreeting: route.greeting };
}

/** The route carried on this request's URL, or null when it carries none (or something malformed). */
export function routeFromQuery(params: Readonly<Record<string, string>>): CarriedRoute | null {
  const { crRule, crConnect, crGreeting } = params;
  if (!crRule || !RULE.test(crRule) || (crConnect !== '1' && crConnect !== '0') || !crGreeting || !GREETING.test(crGreeting)) return null;
  return { rule: crRule, callConnect: crConnect === '1', greeting: crGreeting };
}

/** The route recorded in the call log by incoming-call, when it recorded the carried fields. */
export function routeFromLog(entry: RouteEntry): CarriedRoute | null {
  if (entry.callConnect === undefined || entry.greeting === undefined) return null;
  return { rule: entry.rule, callConnect: entry.callConnect, greeting: entry.greeting ?? 'none' };
}

/**
 * The voicemail greeting of the carried route, in today's configuration: the owner's greeting, falling back
 * (as routing does) to the company's and then a spoken default if theirs is gone. Null: no voicemail.
 */
export function carriedGreeting(
  route: CarriedRoute,
  configuration: RoutingConfiguration,
  to: string,
): (VoicemailGreeting & { maxLengthSeconds: number }) | null {
  if (route.greeting === 'none') return null;
  const found = indexBundle(configuration).numbers.get(to.trim());
  if (!found) return null;
  const { workspace, users } = found.workspace;
  const owner = route.greeting.startsWith('user:') ? (users.get(route.greeting.slice('user:'.length)) ?? null) : null;
  return { ...voicemailGreeting(owner, workspace), maxLengthSeconds: workspace.voicemail.maxLengthSeconds };
}
