// The state a call carries on the signed callback URLs its steps hand Twilio, as ONE typed codec: encodeCallbackState
// when a URL is made, decodeCallbackState once when a request arrives (src/runtime/webhook.ts; a step reads the
// decoded state, never a raw parameter). The names on the wire are the `cr` parameters below; they never change, so a
// call in flight across a deploy keeps working. Decoding validates each field and drops what does not parse: a field
// that is absent or malformed says nothing, and the step finds that fact itself (the call log, the configuration).
import { MAX_STATE_SHARDS, NO_WORKSPACE } from '../state/shards';
import { isWorkspaceId } from '../config/constants';
import { contactSchema } from '../config/schema';
import type { Contact } from '../config/types';

/** Every callback parameter we add to a URL starts with this (Twilio's own parameters are PascalCase). */
export const CALLBACK_PARAMETER_PREFIX = 'cr';

/** The parameters on the wire, by field. */
const WIRE = {
  placeWorkspace: 'crWs',
  placeShard: 'crShard',
  contact: 'crContact',
  routeRule: 'crRule',
  routeConnect: 'crConnect',
  routeGreeting: 'crGreeting',
  step: 'crStep',
  called: 'crCalled',
  caller: 'crCaller',
  workspace: 'crWorkspace',
  number: 'crNumber',
  callSid: 'crCallSid',
} as const;

/** Where a call's log is kept: a shard of its workspace (null: a number no workspace routes). */
export interface ShardPlace {
  workspace: string | null;
  shard: number;
}

/** The route a call was given, carried to the steps after incoming-call (src/flows/carried-route.ts). */
export interface CarriedRoute {
  rule: string;
  /** Phone legs must press a key after the whisper. */
  callConnect: boolean;
  /** Whose greeting if nobody answers: `user:<id>`, `company`, `default`, or `none` (no voicemail). */
  greeting: string;
}

/** Which part of a step a callback asks for: the whisper's key press, or the called party's recording announcement. */
export type CallbackStep = 'answer' | 'announce';

export interface CallbackState {
  /** Where the call's log is kept. */
  place?: ShardPlace;
  /** The caller's contact as the call's first step found it; null: the caller is not a contact. */
  contact?: Contact | null;
  /** The route the call was given. */
  route?: CarriedRoute;
  step?: CallbackStep;
  /** The number the caller called and the caller, for a leg's whisper (its own To and From are the leg's). */
  called?: string;
  caller?: string;
  /** The workspace (and, for an outbound call's announcement, the number) a callback belongs to. */
  workspace?: string;
  number?: string;
  /** The call a text's delivery report belongs to. */
  callSid?: string;
}

const NOT_A_CONTACT = 'none';
const GREETING = /^(user:[a-z0-9-]+|company|default|none)$/;
const RULE = /^[a-z][a-z-]{0,40}$/;
const SHARD = /^\d{1,2}$/;
const CALL_SID = /^CA[0-9a-fA-F]{32}$/;
const STEPS: readonly string[] = ['answer', 'announce'] satisfies CallbackStep[];

function contactValue(contact: Contact | null): string {
  if (!contact) return NOT_A_CONTACT;
  const { phone, firstName, lastName, assignedUser, optedOut } = contact;
  return JSON.stringify({ phone, firstName, lastName, assignedUser, optedOut });
}

/** The signed query parameters that carry `state` (fields left undefined are not carried). */
export function encodeCallbackState(state: CallbackState): Record<string, string> {
  const query: Record<string, string> = {};
  if (state.place) {
    query[WIRE.placeWorkspace] = state.place.workspace ?? NO_WORKSPACE;
    query[WIRE.placeShard] = String(state.place.shard);
  }
  if (state.contact !== undefined) query[WIRE.contact] = contactValue(state.contact);
  if (state.route) {
    query[WIRE.routeRule] = state.route.rule;
    query[WIRE.routeConnect] = state.route.callConnect ? '1' : '0';
    query[WIRE.routeGreeting] = state.route.greeting;
  }
  if (state.step !== undefined) query[WIRE.step] = state.step;
  if (state.called !== undefined) query[WIRE.called] = state.called;
  if (state.caller !== undefined) query[WIRE.caller] = state.caller;
  if (state.workspace !== undefined) query[WIRE.workspace] = state.workspace;
  if (state.number !== undefined) query[WIRE.number] = state.number;
  if (state.callSid !== undefined) query[WIRE.callSid] = state.callSid;
  return query;
}

function decodePlace(workspace: string | undefined, shard: string | undefined): ShardPlace | undefined {
  if (!workspace || !shard || !SHARD.test(shard) || Number(shard) >= MAX_STATE_SHARDS) return undefined;
  if (workspace === NO_WORKSPACE) return { workspace: null, shard: Number(shard) };
  return isWorkspaceId(workspace) ? { workspace, shard: Number(shard) } : undefined;
}

function decodeContact(carried: string | undefined): Contact | null | undefined {
  if (carried === undefined) return undefined;
  if (carried === NOT_A_CONTACT) return null;
  try {
    const parsed = contactSchema.safeParse(JSON.parse(carried));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function decodeRoute(rule: string | undefined, connect: string | undefined, greeting: string | undefined): CarriedRoute | undefined {
  if (!rule || !RULE.test(rule) || (connect !== '1' && connect !== '0') || !greeting || !GREETING.test(greeting)) return undefined;
  return { rule, callConnect: connect === '1', greeting };
}

/** What this request's URL carries, each field validated; what is absent or malformed is left out. */
export function decodeCallbackState(params: Readonly<Record<string, string>>): CallbackState {
  const state: CallbackState = {};
  const place = decodePlace(params[WIRE.placeWorkspace], params[WIRE.placeShard]);
  if (place) state.place = place;
  const contact = decodeContact(params[WIRE.contact]);
  if (contact !== undefined) state.contact = contact;
  const route = decodeRoute(params[WIRE.routeRule], params[WIRE.routeConnect], params[WIRE.routeGreeting]);
  if (route) state.route = route;
  const step = params[WIRE.step];
  if (step !== undefined && STEPS.includes(step)) state.step = step as CallbackStep;
  if (params[WIRE.called] !== undefined) state.called = params[WIRE.called];
  if (params[WIRE.caller] !== undefined) state.caller = params[WIRE.caller];
  if (isWorkspaceId(params[WIRE.workspace])) state.workspace = params[WIRE.workspace];
  if (params[WIRE.number] !== undefined) state.number = params[WIRE.number];
  if (CALL_SID.test(params[WIRE.callSid] ?? '')) state.callSid = params[WIRE.callSid];
  return state;
}
