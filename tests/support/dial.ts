// One call driven by hand through the functions, as Twilio drives it: incoming-call's <Dial>, then the legs
// that pick up (each with its own CallSid: its status callback, the whisper and the key press or none), then
// the <Dial action> with DialCallSid naming the leg that was bridged. For tests that need a step in between.
import type { FunctionsServer } from './twilio-run';

/** Anything the functions can be posted through: the served functions, or an adapter with their `post`. */
export type Functions = Pick<FunctionsServer, 'post'>;
import { legLabel, parseTwiml, verbsOf, type TwimlNode } from './twiml';

let counter = 0;
/** A fresh, valid CallSid (parents and legs alike). */
export function legSid(): string {
  counter += 1;
  return `CA${'f'.repeat(8)}${String(Date.now()).padStart(14, '0')}${String(counter).padStart(10, '0')}`;
}

export interface DialedLeg {
  label: string;
  noun: TwimlNode;
  callSid: string;
}

export interface DialedCall {
  callSid: string;
  to: string;
  from: string;
  /** incoming-call's answer. */
  twiml: TwimlNode;
  /** The <Dial action> as incoming-call wrote it (with the route it carries). */
  action: string;
  legs: DialedLeg[];
  /** Extra parameters on every request of this call (SimulatedAt). */
  extra: Record<string, string>;
}

async function twimlOf(server: Functions, path: string, params: Record<string, string>): Promise<TwimlNode> {
  const response = await server.post(path, params);
  if (response.status !== 200) throw new Error(`POST ${path} answered ${response.status}: ${response.body}`);
  return parseTwiml(response.body);
}

/** incoming-call for a call that dials; throws if it does not. */
export async function ring(
  server: Functions,
  call: { callSid: string; to: string; from: string; extra?: Record<string, string> },
): Promise<DialedCall> {
  const extra = call.extra ?? {};
  const twiml = await twimlOf(server, '/incoming-call', {
    CallSid: call.callSid,
    To: call.to,
    From: call.from,
    CallStatus: 'ringing',
    ...extra,
  });
  const dial = twiml.children.find((verb) => verb.name === 'Dial');
  if (!dial) throw new Error(`incoming-call did not dial: ${twiml.children.map((verb) => verb.name).join(', ')}`);
  const legs = dial.children.map((noun) => ({ label: legLabel(noun), noun, callSid: legSid() }));
  return { callSid: call.callSid, to: call.to, from: call.from, twiml, action: dial.attrs.action ?? '/dial-complete', legs, extra };
}

export function legOf(call: DialedCall, label: string): DialedLeg {
  const leg = call.legs.find((candidate) => candidate.label === label);
  if (!leg) throw new Error(`${label} is not a leg of this call (${call.legs.map((candidate) => candidate.label).join(', ')})`);
  return leg;
}

/**
 * A leg picks up: its status callback, then (a phone leg with call connect) the whisper and, when `pressKey`,
 * the key press (`beforeKeyPress` runs just before it). Returns the whisper's answer to the key press, if made.
 */
export async function pickUp(
  server: Functions,
  call: DialedCall,
  label: string,
  options: { pressKey: boolean; beforeKeyPress?: () => void },
): Promise<TwimlNode | null> {
  const leg = legOf(call, label);
  const params = {
    CallSid: leg.callSid,
    ParentCallSid: call.callSid,
    To: leg.noun.name === 'Client' ? label : leg.noun.text,
    From: call.to,
    CallStatus: 'in-progress',
    Direction: 'outbound-dial',
    ...call.extra,
  };
  if (leg.noun.attrs.statusCallback)
    await twimlOf(server, leg.noun.attrs.statusCallback, { ...params, CallbackSource: 'call-progress-events', SequenceNumber: '0' });
  if (!leg.noun.attrs.url) return null;
  const whisper = await twimlOf(server, leg.noun.attrs.url, params);
  const gather = whisper.children.find((verb) => verb.name === 'Gather');
  if (!options.pressKey || !gather?.attrs.action) return null;
  options.beforeKeyPress?.();
  return twimlOf(server, gather.attrs.action, { ...params, Digits: '1' });
}

/** The <Dial action>: bridged to `bridgedTo` (its DialCallSid), or not bridged at all with `status`. */
export async function endDial(
  server: Functions,
  call: DialedCall,
  outcome: { bridgedTo: string } | { status: string },
  extra: Record<string, string> = {},
): Promise<TwimlNode> {
  const bridged = 'bridgedTo' in outcome;
  return twimlOf(server, call.action, {
    CallSid: call.callSid,
    To: call.to,
    From: call.from,
    CallStatus: 'in-progress',
    DialCallStatus: bridged ? 'completed' : outcome.status,
    DialBridged: String(bridged),
    ...(bridged ? { DialCallSid: legOf(call, outcome.bridgedTo).callSid, DialCallDuration: '95' } : {}),
    ...call.extra,
    ...extra,
  });
}

/**
 * The <Dial action> with exactly the Dial parameters given (`undefined` ones are left out, as Twilio leaves out a
 * parameter it does not send): for the shapes endDial does not make (no DialBridged, no DialCallDuration...).
 */
export async function postDialAction(
  server: Functions,
  call: DialedCall,
  dial: Record<string, string | undefined>,
  callStatus = 'in-progress',
): Promise<TwimlNode> {
  const sent = Object.fromEntries(Object.entries(dial).filter((entry): entry is [string, string] => entry[1] !== undefined));
  return twimlOf(server, call.action, {
    CallSid: call.callSid,
    To: call.to,
    From: call.from,
    CallStatus: callStatus,
    ...sent,
    ...call.extra,
  });
}

export { verbsOf };
