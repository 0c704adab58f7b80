// Drives one whole inbound call through the functions over HTTP, the way Twilio would: the first webhook,
// then the TwiML it answers, verb by verb, each verb by its handler in ./verbs (the dial and its legs, each
// with its own CallSid; the legs that pick up, in order, each with its status callback and, on a phone leg
// with call connect, the whisper and the key press or its absence; the recording callback; the dial's action
// with DialCallSid; the greeting and the recording). Every request is signed as Twilio signs it. The outcome
// is what the functions decided: a call bridged to a voicemail counts as answered only if dial-complete ends it.
import { PATHS } from '../flows/urls';
import { runCall } from './call-driver';
import { CallSession } from './call-session';
import type { SimulationOptions, SimulationResult } from './call-types';
import { legMatches } from './verbs/dial-legs';

export type { AnswerChoice, LegPickup } from './answers';
export type { RungDial, SimulatedLeg, SimulatedPrompt, SimulationOptions, SimulationResult, SimulationStep } from './call-types';
export { MAX_STEPS } from './call-session';
export { describeStep } from './trace';
export { legLabel, legMatches } from './verbs/dial-legs';
export { SimulationError, WEBHOOK_TIMEOUT_MS, whatToCheck } from './webhook-post';

export async function simulateCall(options: SimulationOptions): Promise<SimulationResult> {
  const session = new CallSession(options);
  const { callSid, trace } = session;
  trace.note(`${options.from || '(no caller ID)'} calls ${options.to}${options.at ? ` at ${options.at}` : ''} (${callSid})`);
  const url = `${options.baseUrl}${PATHS.incomingCall}`;
  // Twilio sends the call's SHAKEN/STIR verdict with the first webhook; the functions carry it on from there.
  const stir: Record<string, string> = options.stir !== undefined ? { StirVerstat: options.stir } : {};
  const document = await session.fetchTwiml(url, { ...session.callParams, ...stir, CallStatus: 'ringing' });
  const state = await runCall(session, { document, url, status: 'ringing' });
  const outcome = state.outcome !== 'rejected' && state.legs.length === 0 ? 'missed' : state.outcome;
  if (options.answer.kind === 'legs') {
    for (const pickup of options.answer.legs)
      if (![...session.rungLegs].some((leg) => legMatches({ leg, whisper: false }, pickup.leg)))
        trace.note(`${pickup.leg} is not one of the legs rung`);
  }
  return { callSid, ...state, outcome, requests: session.requests, transcript: trace.transcript, steps: trace.steps };
}
