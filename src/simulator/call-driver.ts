// Walks the TwiML of the caller's call as Twilio does: each document verb by verb, each verb handed to its
// handler in the table (./verbs) with an explicit context, until a verb ends the call or the document runs
// out; a verb that leads to a new request (a dial's action, a recording, a redirect) runs the TwiML it
// answers next. What the verbs learn is folded into the call's state in the order they ran.
import type { RungDial, SimulatedLeg, SimulatedOutcome, SimulatedPrompt } from './call-types';
import type { CallSession } from './call-session';
import type { TwimlNode } from './twiml';
import { CALL_VERBS } from './verbs/table';
import { handlerFor, type CallFacts } from './verbs/verb';

/** A TwiML document to run, the URL that answered it and the call's status when it did. */
export interface CallDocument {
  document: TwimlNode;
  url: string;
  status: string;
}

export interface CallState {
  legs: SimulatedLeg[];
  answeredBy: string | null;
  outcome: SimulatedOutcome;
  voicemail: boolean;
  dials: RungDial[];
  prompts: SimulatedPrompt[];
}

const INITIAL_STATE: CallState = { legs: [], answeredBy: null, outcome: 'missed', voicemail: false, dials: [], prompts: [] };

function applyFacts(state: CallState, facts: CallFacts | undefined): CallState {
  if (!facts) return state;
  const { legs, dial, prompt, ...rest } = facts;
  return {
    ...state,
    ...rest,
    legs: legs ? [...state.legs, ...legs] : state.legs,
    dials: dial ? [...state.dials, dial] : state.dials,
    prompts: prompt ? [...state.prompts, prompt] : state.prompts,
  };
}

/** Runs the call from its first document to its end; the state the verbs left. */
export async function runCall(session: CallSession, first: CallDocument): Promise<CallState> {
  let state = INITIAL_STATE;
  let current: CallDocument | null = first;
  while (current) ({ state, next: current } = await runDocument(session, current, state));
  return state;
}

/** Runs one document: the state after it, and the document it leads to (null when the call ended). */
async function runDocument(
  session: CallSession,
  { document, url, status }: CallDocument,
  before: CallState,
): Promise<{ state: CallState; next: CallDocument | null }> {
  // Twilio reads a whole document before it runs any of it: a verb it cannot run fails the document.
  const handlers = document.children.map((verb) => handlerFor(CALL_VERBS, verb, url, "on the caller's call"));
  let state = before;
  for (const [index, verb] of document.children.entries()) {
    const log = session.trace.step('caller', verb.name, url);
    const outcome = await handlers[index]!(verb, { session, documentUrl: url, status, log });
    state = applyFacts(state, outcome.facts);
    if (outcome.after === 'end') return { state, next: null };
    if (outcome.after === 'run') return { state, next: { document: outcome.document, url: outcome.url, status: outcome.status } };
  }
  session.trace.note('call ends (no more TwiML)');
  return { state, next: null };
}
