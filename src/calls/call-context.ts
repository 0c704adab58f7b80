// One call, resolved once per request: the called number and the caller as Twilio gave them, the caller classified
// (callerOf), the state carried on the request's callback URL (decoded once: ./callback-state), the configuration
// the call needs with the called number's entry and the caller's contact, and the call's place in the state shards.
// Built by the Functions edge (src/runtime/webhook.ts) for every request and handed to the step as `request.call`;
// everything that costs a read is loaded lazily, at most once: a step that needs no configuration reads none.
// routedNumber() is the one look-up of a number in a configuration the call flow makes.
import type { Contact } from '../config/types';
import { callerOf, contactOfCaller, type CallerNumber } from '../phone/caller-id';
import { indexBundle, type NumberEntry, type RoutingConfiguration } from '../routing/lookup';
import type { StateShards } from '../state/shards';
import { callPlace, isCallSid } from './call-log';
import type { CallbackState, ShardPlace } from './callback-state';

/** The called number with its workspace (the Workspace itself, its users and contacts) and the caller's contact there. */
export interface CalledLine extends NumberEntry {
  /** The caller's contact in the workspace; null when they are not one, or withheld (a withheld caller has none). */
  contact: Contact | null;
}

/** A number's entry in a configuration (trimmed as Twilio may pad it), or null when the configuration does not route it. */
export function routedNumber(configuration: RoutingConfiguration, number: string): NumberEntry | null {
  return indexBundle(configuration).numbers.get(number.trim()) ?? null;
}

/** Every number a configuration routes (ringing one would call back into this deployment). */
export function routedNumbersOf(configuration: RoutingConfiguration): ReadonlySet<string> {
  return indexBundle(configuration).routedNumbers;
}

/** The called number's line for this caller: its entry and the caller's contact. */
export function calledLine(configuration: RoutingConfiguration, to: string, caller: CallerNumber): CalledLine | null {
  const entry = routedNumber(configuration, to);
  if (!entry) return null;
  return { ...entry, contact: contactOfCaller(caller, entry.contacts) };
}

export interface CallContext {
  /** The number called and the caller, as Twilio gave them ('' when absent); a whisper's are the call's, carried on its URL. */
  readonly to: string;
  readonly from: string;
  /** The call's CallSid: a leg's callback names its parent call (ParentCallSid), whose log it writes to. */
  readonly callSid: string | undefined;
  /** The caller, classified once (src/phone/caller-id). */
  readonly caller: CallerNumber;
  /** What this request's callback URL carries, decoded and validated once. */
  readonly carried: CallbackState;
  /**
   * Twilio's `StirVerstat` (SHAKEN/STIR) of the call: as carried on the URL by a later step, else as Twilio sent it to
   * incoming-call; undefined when Twilio sent none (a call from outside the US, an app).
   */
  readonly stir: string | undefined;
  /** The configuration this call needs (the caller's contact carried, else read), loaded once. */
  configuration(): Promise<RoutingConfiguration>;
  /** The called number's line in that configuration; null when it routes no such number. */
  line(): Promise<CalledLine | null>;
  /**
   * Where the call's log is kept: carried on the URL, else the shard for its CallSid of the called number's workspace
   * (workspace null: no workspace routes the number), found with the call's configuration, or, the first time it is
   * asked `withoutContact` (a step that rarely needs the contact: call-status), without reading the caller's contact.
   */
  place(options?: { withoutContact?: boolean }): Promise<ShardPlace>;
}

export interface CallContextSources {
  params: Readonly<Record<string, string>>;
  carried: CallbackState;
  shards: StateShards;
  /** Loads the configuration for a call; a `contact` given (null: none) is not read again. */
  load(call: { to: string; from: string }, known: { contact?: Contact | null }): Promise<RoutingConfiguration>;
  /** Told when the place cannot be resolved (the configuration failed): the call's log then goes to no workspace's shard. */
  warn(message: string): void;
}

/** The call of this request; nothing is read until asked for. */
export function resolveCallContext(sources: CallContextSources): CallContext {
  const { params, carried, shards } = sources;
  const numbers = { to: carried.called ?? params.To ?? '', from: carried.caller ?? params.From ?? '' };
  const callSid = isCallSid(params.ParentCallSid) ? params.ParentCallSid : params.CallSid;
  let caller: CallerNumber | undefined;
  let configuration: Promise<RoutingConfiguration> | undefined;
  let line: Promise<CalledLine | null> | undefined;
  let place: Promise<ShardPlace> | undefined;
  const context: CallContext = {
    ...numbers,
    callSid,
    carried,
    stir: carried.stir ?? (params.StirVerstat?.trim() || undefined),
    get caller() {
      caller ??= callerOf(numbers.from);
      return caller;
    },
    configuration: () => (configuration ??= sources.load(numbers, carried.contact === undefined ? {} : { contact: carried.contact })),
    line: () => (line ??= context.configuration().then((loaded) => calledLine(loaded, numbers.to, context.caller))),
    place: (options) => (place ??= resolvePlace(options?.withoutContact === true)),
  };
  async function resolvePlace(withoutContact: boolean): Promise<ShardPlace> {
    if (carried.place) return carried.place;
    if (!isCallSid(callSid)) return callPlace(shards, null, '');
    try {
      // The number's documents alone only when asked and the whole configuration is neither loaded nor free.
      const loaded =
        withoutContact && !configuration && carried.contact === undefined
          ? sources.load(numbers, { contact: null })
          : context.configuration();
      return callPlace(shards, routedNumber(await loaded, numbers.to)?.workspace.id ?? null, callSid);
    } catch (error) {
      sources.warn(`no workspace for the call's log (${(error as Error).message})`);
      return callPlace(shards, null, callSid);
    }
  }
  return context;
}
