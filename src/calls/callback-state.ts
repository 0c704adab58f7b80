// The state a call carries on the signed callback URLs its steps hand Twilio, as ONE typed codec: encodeCallbackState
// when a URL is made, decodeCallbackState once when a request arrives (src/runtime/webhook.ts; a step reads the
// decoded state, never a raw parameter). The names on the wire are the `cr` parameters below; they never change, so a
// call in flight across a deploy keeps working. Decoding validates each field and drops what does not parse: a field
// that is absent or malformed says nothing, and the step finds that fact itself (the call log, the configuration).
import { MAX_STATE_SHARDS, NO_WORKSPACE } from '../state/shards';
import { isWorkspaceId } from '../config/constants';
import { contactSchema } from '../config/schema';
import type { Contact } from '../config/types';
import { isCallSid } from './call-log';

/** Every callback parameter we add to a URL starts with this (Twilio's own parameters are PascalCase). */
export const CALLBACK_PARAMETER_PREFIX = 'cr';

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

const anyValue = () => true;
/** The fields carried as they are, each with its name on the wire and what a valid value is. */
const SCALARS: Record<'step' | 'called' | 'caller' | 'workspace' | 'number' | 'callSid', readonly [string, (value: string) => boolean]> = {
  step: ['crStep', (value) => value === 'answer' || value === 'announce'],
  called: ['crCalled', anyValue],
  caller: ['crCaller', anyValue],
  workspace: ['crWorkspace', isWorkspaceId],
  number: ['crNumber', anyValue],
  callSid: ['crCallSid', isCallSid],
};
/** The fields carried in parts: the place (workspace, shard), the route (rule, call connect, greeting), the contact. */
const PLACE = ['crWs', 'crShard'] as const;
const ROUTE = ['crRule', 'crConnect', 'crGreeting'] as const;
const CONTACT = 'crContact';

const NOT_A_CONTACT = 'none';
const GREETING = /^(user:[a-z0-9-]+|company|default|none)$/;
const RULE = /^[a-z][a-z-]{0,40}$/;
const SHARD = /^\d{1,2}$/;

/** The signed query parameters that carry `state` (fields left undefined are not carried). */
export function encodeCallbackState(state: CallbackState): Record<string, string> {
  const query: Record<string, string> = {};
  const { place, route, contact } = state;
  if (place) [query[PLACE[0]], query[PLACE[1]]] = [place.workspace ?? NO_WORKSPACE, String(place.shard)];
  if (route) [query[ROUTE[0]], query[ROUTE[1]], query[ROUTE[2]]] = [route.rule, route.callConnect ? '1' : '0', route.greeting];
  // A contact is as its schema parsed it (config, Sync): exactly its five fields.
  if (contact !== undefined) query[CONTACT] = contact ? JSON.stringify(contact) : NOT_A_CONTACT;
  for (const [field, [name]] of Object.entries(SCALARS)) {
    const value = state[field as keyof typeof SCALARS];
    if (value !== undefined) query[name] = value;
  }
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
  const place = decodePlace(params[PLACE[0]], params[PLACE[1]]);
  const route = decodeRoute(params[ROUTE[0]], params[ROUTE[1]], params[ROUTE[2]]);
  const contact = decodeContact(params[CONTACT]);
  if (place) state.place = place;
  if (route) state.route = route;
  if (contact !== undefined) state.contact = contact;
  for (const [field, [name, valid]] of Object.entries(SCALARS)) {
    const value = params[name];
    if (value !== undefined && valid(value)) (state as Record<string, string>)[field] = value;
  }
  return state;
}
