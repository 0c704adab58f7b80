// The state a call carries on the signed callback URLs its steps hand Twilio, as ONE typed codec: encodeCallbackState
// when a URL is made, decodeCallbackState once when a request arrives (src/runtime/webhook.ts; a step reads the
// decoded state, never a raw parameter). The names on the wire are the `cr` parameters below; they never change, so a
// call in flight across a deploy keeps working. Decoding validates each field and drops what does not parse: a field
// that is absent or malformed says nothing, and the step finds that fact itself (the call log, the configuration).
import { MAX_STATE_SHARDS, NO_WORKSPACE } from '../state/shards';
import { isWorkspaceId } from '../config/constants';
import { contactSchema } from '../config/schema';
import type { Contact } from '../config/types';
import type { LastAnswered, Rotation } from '../routing/types';
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
  /**
   * The call's inputs, carried so a later step decides again exactly as incoming-call did (issue 20): the first
   * decision's instant (ISO-8601), the index of the ring tier now ringing, the round-robin turn, the user who last
   * answered the caller, the call's StirVerstat, and the caller's answers at the prompts so far.
   */
  at?: string;
  tier?: number;
  rotation?: Rotation;
  lastAnswered?: LastAnswered;
  stir?: string;
  presses?: string[];
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
/** The call's decision inputs (issue 20), each under its own name. */
const INPUTS = { at: 'crAt', tier: 'crTier', rotation: 'crTurn', lastAnswered: 'crLast', stir: 'crStir', presses: 'crPresses' } as const;
/** The most ring tiers, prompts and answers a call carries (a bound: the URL stays short, a forged one stays small). */
const MAX_TIER = 20;
const MAX_PRESSES = 10;
const MAX_PRESS_LENGTH = 200;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
const USER_ID = /^[a-z0-9-]{1,64}$/;
const STIR = /^[A-Za-z0-9-]{1,64}$/;

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
  encodeInputs(state, query);
  return query;
}

/** The call's decision inputs on the wire: scalars as they are, the structured ones as JSON. */
function encodeInputs(state: CallbackState, query: Record<string, string>): void {
  if (state.at !== undefined) query[INPUTS.at] = state.at;
  if (state.tier !== undefined) query[INPUTS.tier] = String(state.tier);
  if (state.rotation !== undefined) query[INPUTS.rotation] = JSON.stringify(state.rotation);
  if (state.lastAnswered !== undefined) query[INPUTS.lastAnswered] = JSON.stringify(state.lastAnswered);
  if (state.stir !== undefined) query[INPUTS.stir] = state.stir;
  if (state.presses !== undefined) query[INPUTS.presses] = JSON.stringify(state.presses);
}

function parseJson(carried: string | undefined): unknown {
  if (carried === undefined) return undefined;
  try {
    return JSON.parse(carried);
  } catch {
    return undefined;
  }
}

const isInstant = (value: unknown): value is string =>
  typeof value === 'string' && ISO_INSTANT.test(value) && !Number.isNaN(Date.parse(value));
const isTurn = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

function decodeRotation(carried: string | undefined): Rotation | undefined {
  const value = parseJson(carried) as Record<string, unknown> | undefined;
  if (!value || typeof value !== 'object' || !isTurn(value.turn)) return undefined;
  if (value.source === 'counter') return { turn: value.turn, source: 'counter' };
  if (value.source === 'random' && typeof value.why === 'string' && value.why.length <= MAX_PRESS_LENGTH)
    return { turn: value.turn, source: 'random', why: value.why };
  return undefined;
}

function decodeLastAnswered(carried: string | undefined): LastAnswered | undefined {
  const value = parseJson(carried) as Record<string, unknown> | undefined;
  if (!value || typeof value !== 'object') return undefined;
  const { user, callSid, at } = value;
  if (typeof user !== 'string' || !USER_ID.test(user) || typeof callSid !== 'string' || !isCallSid(callSid) || !isInstant(at))
    return undefined;
  return { user, callSid, at };
}

function decodePresses(carried: string | undefined): string[] | undefined {
  const value = parseJson(carried);
  if (!Array.isArray(value) || value.length > MAX_PRESSES) return undefined;
  return value.every((press) => typeof press === 'string' && press.length <= MAX_PRESS_LENGTH) ? (value as string[]) : undefined;
}

/** The call's decision inputs as carried, each validated; what does not parse is left out. */
function decodeInputs(params: Readonly<Record<string, string>>, state: CallbackState): void {
  const at = params[INPUTS.at];
  if (isInstant(at)) state.at = at;
  const tier = params[INPUTS.tier];
  if (tier !== undefined && /^\d{1,2}$/.test(tier) && Number(tier) < MAX_TIER) state.tier = Number(tier);
  const rotation = decodeRotation(params[INPUTS.rotation]);
  if (rotation) state.rotation = rotation;
  const lastAnswered = decodeLastAnswered(params[INPUTS.lastAnswered]);
  if (lastAnswered) state.lastAnswered = lastAnswered;
  const stir = params[INPUTS.stir];
  if (stir !== undefined && STIR.test(stir)) state.stir = stir;
  const presses = decodePresses(params[INPUTS.presses]);
  if (presses) state.presses = presses;
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
  decodeInputs(params, state);
  return state;
}
