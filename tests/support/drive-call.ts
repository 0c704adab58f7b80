// Whole calls driven through the functions as Twilio drives them, for every suite: incoming-call, then each URL the
// TwiML it answered names (the <Dial action>, the legs' status callbacks and whispers, the <Record action>), posted
// signed with the parameters Twilio sends there; then, if asked, the caller's reply by text. No callback URL is
// built here: each one is taken from the TwiML as the functions wrote it, query and all, so what the functions carry
// on their URLs can change without touching a test. Shapes: answered (by a leg, with or without its key press),
// missed (nobody answered), busy, voicemail (missed, then a message left) and hang-up-early (the caller gone before
// anyone answered). A test that needs a step in between takes the steps one by one: callIn (or ring), pickUp, then
// the request for the <Dial action> (unansweredDial, bridgedDial, endDial, postDialAction for shapes of its own), the
// <Record action> (messageLeft, noMessageLeft), the number's status callback (callOver), a reply (replyByText).
import { TEST_ACCOUNT_SID, type FunctionsServer } from './twilio-run';
import { legLabel, parseTwiml, verbsOf, type TwimlNode } from './twiml';

export { verbsOf };

/** What the kit posts through: the served functions (startFunctions), or an adapter with their `post`. */
export type Functions = Pick<FunctionsServer, 'post'>;

/** One request as Twilio makes it: the URL as the TwiML named it (or the number's own webhook), and its form body. */
export interface TwilioRequest {
  url: string;
  params: Record<string, string>;
}

/** A request made and the functions' answer to it, parsed as TwiML. */
export interface Step extends TwilioRequest {
  status: number;
  body: string;
  twiml: TwimlNode;
}

export interface CallSpec {
  to: string;
  from: string;
  /** Default: a fresh one. */
  callSid?: string;
  /** Parameters on every request of the call (SimulatedAt, ...). */
  extra?: Record<string, string>;
  /** The number's Voice URL as it was handed Twilio; default /incoming-call. */
  voiceUrl?: string;
}

/** A leg of the call's <Dial> (a <Number> or <Client>), with the CallSid Twilio gives it. */
export interface DialedLeg {
  label: string;
  noun: TwimlNode;
  callSid: string;
}

/** A call incoming-call has answered: what it answered, and where Twilio goes next. */
export interface CallInProgress {
  callSid: string;
  to: string;
  from: string;
  /** Parameters on every request of this call (SimulatedAt, ...). */
  extra: Record<string, string>;
  /** incoming-call's answer. */
  incoming: Step;
  twiml: TwimlNode;
  /** incoming-call's <Dial>, if it dialled. */
  dial: TwimlNode | null;
  /** The <Dial action> as incoming-call wrote it (with what it carries); '' when it did not dial. */
  action: string;
  legs: DialedLeg[];
  /** The <Record> of incoming-call's answer (voicemail straight away), if any. */
  record: TwimlNode | null;
}

/** A call incoming-call answered with a <Dial>. */
export type DialedCall = CallInProgress;

export type CallShape = 'answered' | 'missed' | 'busy' | 'voicemail' | 'hang-up-early';

export interface DriveOptions {
  /** answered: the leg that picks up (its label, e.g. `number:+1555...` or `client:acme_ann_web`); default the first. */
  answeredBy?: string;
  /** answered on a phone leg with call connect: the key press after the whisper; default true. */
  pressKey?: boolean;
  /** The DialCallStatus of an unanswered dial; default no-answer (busy: busy; hang-up-early: no-answer). */
  dialStatus?: string;
  /** voicemail: the message left; default a 12 s recording. */
  recording?: Partial<Recording>;
  /** After the call, the caller texts this to the called number (incoming-sms). */
  reply?: string;
}

export interface Recording {
  sid: string;
  url: string;
  durationSeconds: number;
}

export interface DrivenCall extends CallInProgress {
  shape: CallShape;
  /** The <Dial action>'s request and answer, when the call dialled. */
  dialed: Step | null;
  /** The <Record action>'s request and answer, when a message was left. */
  recorded: Step | null;
  /** incoming-sms's answer to the reply, when one was sent. */
  replied: Step | null;
  /** Every request of the call but the legs' own (leg-status, the whisper, the key press), in order. */
  steps: Step[];
}

let sids = 0;
/** A fresh, valid CallSid (parents and legs alike). */
export function legSid(): string {
  sids += 1;
  return `CA${'f'.repeat(8)}${String(Date.now()).padStart(14, '0')}${String(sids).padStart(10, '0')}`;
}

/** A URL as TwiML names it, as the path (query and fragment kept) the functions are posted at. */
function pathOf(url: string): string {
  if (!/^[a-z]+:\/\//i.test(url)) return url.startsWith('/') ? url : `/${url}`;
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}${parsed.hash}`;
}

/** Posts one request; a non-200 answer or one that is not TwiML throws, saying which request it was. */
export async function send(functions: Functions, request: TwilioRequest): Promise<Step> {
  const response = await functions.post(pathOf(request.url), request.params);
  if (response.status !== 200) throw new Error(`POST ${request.url} answered ${response.status}: ${response.body}`);
  return { ...request, status: response.status, body: response.body, twiml: parseTwiml(response.body) };
}

/** A call as its requests name it: its CallSid, the called number and the caller, and parameters on every request. */
export interface CallIds {
  callSid: string;
  to: string;
  from: string;
  extra?: Record<string, string>;
}

/** What Twilio sends with every webhook of an account (the functions do not read it, Twilio always sends it). */
const ACCOUNT = { AccountSid: TEST_ACCOUNT_SID, ApiVersion: '2010-04-01' };

const callParams = (call: CallIds, callStatus: string) => ({
  ...ACCOUNT,
  CallSid: call.callSid,
  From: call.from,
  To: call.to,
  Caller: call.from,
  Called: call.to,
  CallStatus: callStatus,
  Direction: 'inbound',
  ...call.extra,
});

/** incoming-call, as Twilio posts it to the number's Voice URL when the call rings. */
export async function callIn(functions: Functions, spec: CallSpec): Promise<CallInProgress> {
  const call = { callSid: spec.callSid ?? legSid(), to: spec.to, from: spec.from, extra: spec.extra ?? {} };
  const incoming = await send(functions, { url: spec.voiceUrl ?? '/incoming-call', params: callParams(call, 'ringing') });
  const dial = incoming.twiml.children.find((verb) => verb.name === 'Dial') ?? null;
  const record = incoming.twiml.children.find((verb) => verb.name === 'Record') ?? null;
  const legs: DialedLeg[] = (dial?.children ?? []).map((noun) => ({ label: legLabel(noun), noun, callSid: legSid() }));
  return { ...call, twiml: incoming.twiml, incoming, dial, record, action: dial?.attrs.action ?? '', legs };
}

/** incoming-call for a call that dials; throws if it does not. */
export async function ring(functions: Functions, spec: CallSpec): Promise<DialedCall> {
  const call = await callIn(functions, spec);
  if (!call.dial) throw new Error(`incoming-call did not dial: ${verbs(call.twiml)}`);
  return call;
}

export function legOf(call: CallInProgress, label: string): DialedLeg {
  const leg = call.legs.find((candidate) => candidate.label === label);
  if (!leg) throw new Error(`${label} is not a leg of this call (${call.legs.map((candidate) => candidate.label).join(', ')})`);
  return leg;
}

/**
 * A leg picks up: its status callback, then (a phone leg with call connect) the whisper and, when `pressKey`,
 * the key press (`beforeKeyPress` runs just before it). Returns the whisper's answer to the key press, if made.
 */
export async function pickUp(
  functions: Functions,
  call: CallInProgress,
  label: string,
  options: { pressKey: boolean; beforeKeyPress?: () => void },
): Promise<TwimlNode | null> {
  const leg = legOf(call, label);
  const params = {
    ...ACCOUNT,
    CallSid: leg.callSid,
    ParentCallSid: call.callSid,
    To: leg.noun.name === 'Client' ? label : leg.noun.text,
    From: call.to,
    CallStatus: 'in-progress',
    Direction: 'outbound-dial',
    ...call.extra,
  };
  const { statusCallback, url: whisperUrl } = leg.noun.attrs;
  if (statusCallback)
    await send(functions, { url: statusCallback, params: { ...params, CallbackSource: 'call-progress-events', SequenceNumber: '0' } });
  if (!whisperUrl) return null;
  const whisper = await send(functions, { url: whisperUrl, params });
  const gather = whisper.twiml.children.find((verb) => verb.name === 'Gather');
  if (!options.pressKey || !gather?.attrs.action) return null;
  options.beforeKeyPress?.();
  return (await send(functions, { url: gather.attrs.action, params: { ...params, Digits: '1' } })).twiml;
}

/** The <Dial action> request of an unanswered dial; the caller still on the line unless `callerGone`. */
export function unansweredDial(call: CallInProgress, dialStatus = 'no-answer', callerGone = false): TwilioRequest {
  return {
    url: dialActionOf(call),
    params: { ...callParams(call, callerGone ? 'completed' : 'in-progress'), DialCallStatus: dialStatus, DialBridged: 'false' },
  };
}

/** The <Dial action> request of a dial bridged to the leg `label`, after a 95 s conversation. */
export function bridgedDial(call: CallInProgress, label: string): TwilioRequest {
  return {
    url: dialActionOf(call),
    params: {
      ...callParams(call, 'in-progress'),
      DialCallStatus: 'completed',
      DialBridged: 'true',
      DialCallSid: legOf(call, label).callSid,
      DialCallDuration: '95',
    },
  };
}

function dialActionOf(call: CallInProgress): string {
  if (!call.action) throw new Error(`incoming-call named no <Dial action>: ${verbs(call.twiml)}`);
  return call.action;
}

/** The <Dial action>: bridged to the leg `bridgedTo`, or not bridged at all with `status`; its answer. */
export async function endDial(
  functions: Functions,
  call: CallInProgress,
  outcome: { bridgedTo: string } | { status: string },
  extra: Record<string, string> = {},
): Promise<TwimlNode> {
  const request = 'bridgedTo' in outcome ? bridgedDial(call, outcome.bridgedTo) : unansweredDial(call, outcome.status);
  return (await send(functions, withParams(request, extra))).twiml;
}

/**
 * The <Dial action> with exactly the Dial parameters given (`undefined` ones are left out, as Twilio leaves out a
 * parameter it does not send): for the shapes the kit does not make (no DialBridged, no DialCallDuration...).
 */
export async function postDialAction(
  functions: Functions,
  call: CallInProgress,
  dial: Record<string, string | undefined>,
  callStatus = 'in-progress',
): Promise<TwimlNode> {
  const sent = Object.fromEntries(Object.entries(dial).filter((entry): entry is [string, string] => entry[1] !== undefined));
  return (await send(functions, { url: dialActionOf(call), params: { ...callParams(call, callStatus), ...sent, ...call.extra } })).twiml;
}

/** A prompt's answer as Twilio posts it to the <Gather action>: a key, spoken words, or nothing (no Digits at all, or Digits ""). */
export type PromptAnswer = { digits: string } | { speech: string; confidence?: string } | { nothing: 'absent' | 'empty' };

/** The <Gather> of a TwiML answer (a prompt), with the action Twilio posts the answer to. */
export function gatherOf(twiml: TwimlNode): TwimlNode {
  const gather = twiml.children.find((verb) => verb.name === 'Gather');
  if (!gather?.attrs.action) throw new Error(`no <Gather action> to answer: ${verbs(twiml)}`);
  return gather;
}

/**
 * The <Gather action> request once the caller answered the prompt in `twiml`, with what Twilio sends (its Gather
 * docs): `Digits` (and `FinishedOnKey`, empty when numDigits ended it) for a key; `SpeechResult` and `Confidence` for
 * words; with actionOnEmptyResult and no input, neither of them.
 */
export function promptAnswered(call: CallIds, twiml: TwimlNode, answer: PromptAnswer, callStatus = 'in-progress'): TwilioRequest {
  const sent: Record<string, string> =
    'digits' in answer
      ? { Digits: answer.digits, FinishedOnKey: '' }
      : 'speech' in answer
        ? { SpeechResult: answer.speech, Confidence: answer.confidence ?? '0.92' }
        : answer.nothing === 'empty'
          ? { Digits: '' }
          : {};
  return { url: gatherOf(twiml).attrs.action!, params: { ...callParams(call, callStatus), ...sent } };
}

/** The <Record> of a TwiML answer (the greeting's), with the action Twilio posts the message to. */
function recordActionOf(twiml: TwimlNode): string {
  const record = twiml.children.find((verb) => verb.name === 'Record');
  if (!record?.attrs.action) throw new Error(`no <Record action> to leave a message at: ${verbs(twiml)}`);
  return record.attrs.action;
}

/** The <Record action> request once the caller has left `recording` after the greeting in `twiml` and hung up. */
export function messageLeft(call: CallIds, twiml: TwimlNode, recording: Partial<Recording> = {}): TwilioRequest {
  const sid = recording.sid ?? `RE${call.callSid.slice(2)}`;
  return {
    url: recordActionOf(twiml),
    params: {
      ...callParams(call, 'completed'),
      RecordingSid: sid,
      RecordingUrl: recording.url ?? `https://api.twilio.com/2010-04-01/Accounts/AC${'0'.repeat(32)}/Recordings/${sid}`,
      RecordingDuration: String(recording.durationSeconds ?? 12),
      Digits: 'hangup',
    },
  };
}

/** The <Record action> request when the caller hung up at the tone, leaving nothing. */
export function noMessageLeft(call: CallIds, twiml: TwimlNode): TwilioRequest {
  return { url: recordActionOf(twiml), params: { ...callParams(call, 'completed'), Digits: 'hangup' } };
}

/** The caller's text to the number they called, as Twilio posts it to the number's Messaging URL. */
export function replyByText(call: Omit<CallIds, 'callSid'>, body: string, messageSid = `SM${legSid().slice(2)}`): TwilioRequest {
  return {
    url: '/incoming-sms',
    params: {
      ...ACCOUNT,
      MessageSid: messageSid,
      SmsMessageSid: messageSid,
      SmsSid: messageSid,
      From: call.from,
      To: call.to,
      Body: body,
      NumMedia: '0',
      ...call.extra,
    },
  };
}

/** Twilio's status callback on the number once the call is over (the number's, not named by any TwiML). */
export function callOver(call: CallIds, durationSeconds = 40): TwilioRequest {
  return { url: '/call-status', params: { ...callParams(call, 'completed'), CallDuration: String(durationSeconds) } };
}

const verbs = (twiml: TwimlNode) => twiml.children.map((verb) => verb.name).join(', ') || 'nothing';

/**
 * Without a <Dial>, a call is still missed when incoming-call's answer hangs up (nothing to ring), and goes to voicemail
 * when it records (a number in voicemail mode); a rejected call or any other answer is none of the kit's shapes.
 */
function endsUnanswered(call: CallInProgress, shape: CallShape): boolean {
  if (shape === 'voicemail') return call.record !== null;
  return shape === 'missed' && call.twiml.children.at(-1)?.name === 'Hangup';
}

/** The same request with more (or other) parameters: a later SimulatedAt for a retry, say. */
export function withParams(request: TwilioRequest, params: Record<string, string>): TwilioRequest {
  return { url: request.url, params: { ...request.params, ...params } };
}

/**
 * One whole call in `shape`: incoming-call, then what its TwiML leads Twilio to (a leg picking up and the bridged
 * <Dial action>, or the unanswered one and, for voicemail, the message at the <Record action>), then the reply.
 * Missed, busy and hang-up-early end there: the caller hangs up during the greeting, so no <Record action> comes
 * (a test that wants one sends messageLeft or noMessageLeft itself; callOver is the number's status callback).
 */
export async function driveCall(functions: Functions, spec: CallSpec, shape: CallShape, options: DriveOptions = {}): Promise<DrivenCall> {
  const call = await callIn(functions, spec);
  const steps: Step[] = [call.incoming];
  const sent = async (request: TwilioRequest) => {
    const step = await send(functions, request);
    steps.push(step);
    return step;
  };
  let dialed: Step | null = null;
  let recorded: Step | null = null;
  if (shape === 'answered') {
    const label = options.answeredBy ?? call.legs[0]?.label;
    if (!label) throw new Error('the call cannot be answered: incoming-call rang nobody');
    await pickUp(functions, call, label, { pressKey: options.pressKey ?? true });
    dialed = await sent(bridgedDial(call, label));
  } else {
    const status = options.dialStatus ?? (shape === 'busy' ? 'busy' : 'no-answer');
    if (call.dial) dialed = await sent(unansweredDial(call, status, shape === 'hang-up-early'));
    else if (!endsUnanswered(call, shape)) throw new Error(`a ${shape} call needs a <Dial>; incoming-call answered ${verbs(call.twiml)}`);
    if (shape === 'voicemail') recorded = await sent(messageLeft(call, (dialed ?? call.incoming).twiml, options.recording));
  }
  const replied = options.reply === undefined ? null : await sent(replyByText(call, options.reply));
  return { ...call, shape, dialed, recorded, replied, steps };
}

/**
 * The call as the <Dial> in `answer` rings it: a later ring tier, which dial-complete answers after a tier nobody
 * answered (issue 20). Its legs get CallSids of their own; its action is the next <Dial action>, as written.
 */
export function nextTier(call: CallInProgress, answer: Step | TwimlNode): DialedCall {
  const twiml = 'twiml' in answer ? answer.twiml : answer;
  const dial = twiml.children.find((verb) => verb.name === 'Dial');
  if (!dial) throw new Error(`no further tier rang: ${verbs(twiml)}`);
  const legs: DialedLeg[] = dial.children.map((noun) => ({ label: legLabel(noun), noun, callSid: legSid() }));
  return { ...call, twiml, dial, record: null, action: dial.attrs.action ?? '', legs };
}
