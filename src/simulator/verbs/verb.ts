// The contract between the call driver and the verb handlers (one file per TwiML verb, listed in
// ./index.ts): a handler gets the verb and an explicit context, says what the caller hears, and returns
// what comes next (the next verb, the call's end, or a new document to run) with the facts it learnt.
import type { RungDial, SimulatedLeg, SimulatedOutcome, SimulatedPrompt } from '../call-types';
import type { CallSession } from '../call-session';
import type { StepLog } from '../trace';
import type { TwimlNode } from '../twiml';
import { SimulationError } from '../webhook-post';
import { VOICE_VERBS } from '../twiml';

/** What one verb runs with: the call, the document it came from, and its own step in the trace. */
export interface VerbContext {
  readonly session: CallSession;
  /** The URL whose answer held this verb; relative URLs in it resolve against this. */
  readonly documentUrl: string;
  /** The CallStatus Twilio sends when this document leads to another request (`ringing`, `in-progress`). */
  readonly status: string;
  readonly log: StepLog;
}

/** What a verb found out about the call; the driver folds these into the result, in order. */
export interface CallFacts {
  outcome?: SimulatedOutcome;
  answeredBy?: string | null;
  voicemail?: boolean;
  /** Legs rung (appended). */
  legs?: SimulatedLeg[];
  /** A <Dial> rung (appended). */
  dial?: RungDial;
  /** A prompt heard and answered (appended). */
  prompt?: SimulatedPrompt;
}

export type VerbOutcome =
  | { after: 'next'; facts?: CallFacts }
  | { after: 'end'; facts?: CallFacts }
  | { after: 'run'; document: TwimlNode; url: string; status: string; facts?: CallFacts };

export type VerbHandler = (verb: TwimlNode, context: VerbContext) => VerbOutcome | Promise<VerbOutcome>;

/** A table of handlers by verb name. */
export type VerbTable<Handler> = Readonly<Record<string, Handler>>;

export const resolveUrl = (relative: string, context: Pick<VerbContext, 'documentUrl'>) =>
  new URL(relative, context.documentUrl).toString();

/** The handler for VERB, or a SimulationError naming the verb, where it came from, and the verbs known. */
export function handlerFor<Handler>(table: VerbTable<Handler>, verb: TwimlNode, url: string, where: string): Handler {
  const handler = Object.hasOwn(table, verb.name) ? table[verb.name] : undefined;
  if (handler) return handler;
  const known = Object.keys(table).join(', ');
  const what = VOICE_VERBS.has(verb.name)
    ? `<${verb.name}>, a TwiML verb the simulator does not rehearse ${where}`
    : `<${verb.name}>, which is not a TwiML voice verb`;
  throw new SimulationError(`POST ${url} answered with ${what} (it knows ${known})`);
}
