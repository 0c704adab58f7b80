// The route a call was given, carried to the steps after incoming-call so they follow it instead of
// deciding again (a call that rang Alice just before closing still gets Alice's greeting after it; a
// configuration change mid-call changes nothing for it). It travels in the signed <Dial action> URL (the callback
// state codec, src/calls/callback-state), and in the call log's route entry for callbacks that do not carry it.
import type { CallLog, RouteEntry, RouteTier } from '../calls/call-log';
import type { CarriedRoute } from '../calls/callback-state';
import type { NumberEntry } from '../routing/lookup';
import { voicemailGreeting } from '../routing/decide';
import { legLabel } from '../routing/legs';
import type { CallInput, Decision, Tier, VoicemailGreeting } from '../routing/types';

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

/** A ring tier as the call log keeps it: its users, seconds, legs (labelled) and why it rings. */
export function routeTier(tier: Tier): RouteTier {
  return { users: [...tier.users], seconds: tier.seconds, legs: tier.legs.map(legLabel), label: tier.label };
}

/** Why a screened call is never texted back, for the log and sms-textback's refusal. */
export function noTextBackWhy(decision: Pick<Decision, 'rule' | 'screening'>): string {
  const screening = decision.screening;
  return `spam protection (rule ${decision.rule}${screening ? `: ${screening.verdict}, ${screening.why}` : ''}): a screened caller is never texted`;
}

/**
 * What a route entry records of a decision beyond its rule and legs (issue 20): its tiers, the screening and the menu
 * when they acted, what the caller is asked at a prompt, textBack false for a caller never texted, and the inputs it
 * was decided with (impact replays them).
 */
export function routeEntryExtras(
  decision: Decision,
  input: Pick<CallInput, 'stir' | 'presses' | 'rotation' | 'lastAnswered'>,
): Pick<RouteEntry, 'tiers' | 'screening' | 'menu' | 'gather' | 'textBack' | 'stir' | 'presses' | 'rotation' | 'lastAnswered'> {
  return {
    ...(decision.tiers?.length ? { tiers: decision.tiers.map(routeTier) } : {}),
    ...(decision.screening ? { screening: decision.screening } : {}),
    ...(decision.menu ? { menu: decision.menu } : {}),
    ...(decision.gather ? { gather: decision.gather.purpose } : {}),
    // A rejected call is never texted anyway (it is not a missed call): only the others say so.
    ...(decision.textBack === false && decision.action !== 'reject' ? { textBack: false as const } : {}),
    ...(input.stir !== undefined ? { stir: input.stir } : {}),
    ...(input.presses?.length ? { presses: [...input.presses] } : {}),
    ...(input.rotation ? { rotation: input.rotation } : {}),
    ...(input.lastAnswered ? { lastAnswered: input.lastAnswered } : {}),
  };
}

/** One ring tier in words, for the log: "alice, bob for 15 s (ring first: alice)". */
export function tierSummary(decision: Decision, index: number): string {
  const tier = decision.tiers[index];
  if (!tier) return 'none';
  const who = tier.users.length ? tier.users.join(', ') : tier.legs.map(legLabel).join(', ');
  return `${who} for ${tier.seconds} s (${tier.label})`;
}
