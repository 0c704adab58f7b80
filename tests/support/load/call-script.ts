// Twilio's side of one planned call: the webhook requests Twilio makes and when, each one following the TwiML
// the functions answered to the one before (the URLs with their query parameters as the TwiML names them, never
// built here). Answered: incoming-call, then, after the legs ring, the status callback of the leg that picks up
// (and, on a phone leg with call connect, the whisper and the key press after it), the <Dial action> bridged to
// that leg after the conversation, and the recording's status callback when the call was recorded. Missed:
// incoming-call, the <Dial action> with no-answer once the dial's timeout has passed, and the <Record action>
// after the greeting and the message. A <Gather> (the phone menu) is answered with the call's next press after the
// greeting, posted to its action (gather-complete), whose answer is followed the same way; a <Dial> nobody answers
// (a tier before the one that picks up, or every tier of a missed call) ends no-answer at its timeout, and
// dial-complete's answer (the next tier's <Dial>, or voicemail) is followed in turn. Every step is a request the
// driver sends at its instant.
import { legLabel, parseTwiml, type TwimlNode } from '../twiml';
import { TEST_ACCOUNT_SID } from '../twilio-api/index';
import { DURATIONS, type PlannedCall } from './plan';

/** The steps a call's requests are named by, in the order a call makes them. */
export const STEP_NAMES = [
  'incoming-call',
  'gather-complete',
  'leg-status',
  'connect-whisper',
  'key-press',
  'dial-complete',
  'recording-status',
  'voicemail-complete',
] as const;
export type StepName = (typeof STEP_NAMES)[number];

/** One webhook request of a call, due `afterMs` after the request that led to it (or the call's arrival). */
export interface CallRequest {
  step: StepName;
  afterMs: number;
  /** A path and query, as TwiML named it (relative to the functions' base). */
  url: string;
  params: Record<string, string>;
  /** What Twilio does next with the TwiML this request is answered with. */
  next(twiml: TwimlNode): CallRequest[];
}

/** What Twilio's side saw of one call, for the audit: the leg that picked up and its CallSid. */
export interface CallTrace {
  answeredLeg?: { label: string; callSid: string };
  /** The <Dial> was recorded (record and recordingStatusCallback were set). */
  recorded?: boolean;
}

/** Any origin: TwiML's URLs are relative to the functions' own, and only their path and query are kept. */
const FUNCTIONS_ORIGIN = 'http://functions.invalid';

/** A relative URL TwiML named, resolved against the URL of the document that named it: path and query. */
export function resolveUrl(relative: string, current: string): string {
  const url = new URL(relative, `${FUNCTIONS_ORIGIN}${current}`);
  return `${url.pathname}${url.search}`;
}

/** The CallSid Twilio gives the `leg`-th leg of a call's dial. */
export function legCallSid(call: PlannedCall, leg: number): string {
  return `CAe${String(call.index).padStart(23, '0')}${String(leg).padStart(8, '0')}`;
}

/** The first request of a planned call; following its answers yields the rest. `trace` collects what the audit needs. */
export function callRequests(call: PlannedCall, trace: CallTrace, accountSid: string = TEST_ACCOUNT_SID): CallRequest {
  const callParams = {
    AccountSid: accountSid,
    CallSid: call.callSid,
    From: call.from,
    To: call.to,
    Caller: call.from,
    Called: call.to,
    Direction: 'inbound',
    ApiVersion: '2010-04-01',
  };
  const incoming = '/incoming-call';
  const seconds = (value: number) => value * 1000;

  let dialsRung = 0;
  let pressesMade = 0;
  /** What Twilio does with a step's TwiML: answers a <Gather>, rings a <Dial>, records a <Record>; or the call is over. */
  const follow = (twiml: TwimlNode, documentUrl: string, recording: string | undefined): CallRequest[] => {
    const gather = twiml.children.find((verb) => verb.name === 'Gather');
    if (gather) return afterGather(gather, documentUrl);
    const dial = twiml.children.find((verb) => verb.name === 'Dial');
    if (dial) return afterDial(dial, documentUrl);
    return afterDialComplete(twiml, documentUrl, recording);
  };

  const afterGather = (gather: TwimlNode, documentUrl: string): CallRequest[] => {
    const press = call.presses[pressesMade];
    pressesMade += 1;
    const action = resolveUrl(gather.attrs.action ?? documentUrl, documentUrl);
    return [
      {
        step: 'gather-complete',
        afterMs: seconds(DURATIONS.menu[0]),
        url: action,
        params: { ...callParams, CallStatus: 'in-progress', ...(press ? { Digits: press } : {}) },
        next: (twiml) => follow(twiml, action, undefined),
      },
    ];
  };

  const afterDial = (dial: TwimlNode, documentUrl: string): CallRequest[] => {
    const dialIndex = dialsRung;
    dialsRung += 1;
    const legs = dial.children
      .filter((noun) => noun.name === 'Number' || noun.name === 'Client')
      .map((noun, i) => ({ noun, callSid: legCallSid(call, i) }));
    const action = dial.attrs.action ? resolveUrl(dial.attrs.action, documentUrl) : undefined;
    const recorded = Boolean(dial.attrs.record && dial.attrs.record !== 'do-not-record' && dial.attrs.recordingStatusCallback);
    trace.recorded = recorded;
    const recording = recorded ? resolveUrl(dial.attrs.recordingStatusCallback!, documentUrl) : undefined;
    const dialComplete = (afterMs: number, outcome: Record<string, string>): CallRequest[] =>
      action
        ? [
            {
              step: 'dial-complete',
              afterMs,
              url: action,
              params: { ...callParams, CallStatus: 'in-progress', ...outcome },
              next: (twiml) => follow(twiml, action, recording),
            },
          ]
        : [];

    if (call.outcome === 'missed' || dialIndex < call.answerInDial) {
      const timeout = Number(dial.attrs.timeout ?? 30);
      return dialComplete(seconds(timeout), { DialCallStatus: 'no-answer', DialBridged: 'false' });
    }
    const wanted = call.outcome === 'answered-phone' ? 'Number' : 'Client';
    const picked = legs.find((leg) => leg.noun.name === wanted);
    if (!picked) return []; // the audit finds the call unanswered: the TwiML did not ring what the plan expects
    trace.answeredLeg = { label: legLabel(picked.noun), callSid: picked.callSid };
    const bridged = {
      DialCallStatus: 'completed',
      DialBridged: 'true',
      DialCallSid: picked.callSid,
      DialCallDuration: String(call.talkSeconds),
    };
    const legParams = {
      AccountSid: accountSid,
      CallSid: picked.callSid,
      ParentCallSid: call.callSid,
      From: dial.attrs.callerId ?? call.from,
      To: picked.noun.name === 'Client' ? `client:${picked.noun.text}` : picked.noun.text,
      Direction: 'outbound-dial',
      CallStatus: 'in-progress',
      ApiVersion: '2010-04-01',
    };
    const pickUp: CallRequest[] = [];
    const { statusCallback, url: whisperUrl } = picked.noun.attrs;
    if (statusCallback) {
      pickUp.push({
        step: 'leg-status',
        afterMs: seconds(call.ringSeconds),
        url: resolveUrl(statusCallback, documentUrl),
        params: { ...legParams, CallbackSource: 'call-progress-events', SequenceNumber: '0' },
        next: () => [],
      });
    }
    if (!whisperUrl) return [...pickUp, ...dialComplete(seconds(call.ringSeconds + call.talkSeconds), bridged)];
    const whisper = resolveUrl(whisperUrl, documentUrl);
    pickUp.push({
      step: 'connect-whisper',
      afterMs: seconds(call.ringSeconds),
      url: whisper,
      params: legParams,
      next: (twiml) => {
        const gather = twiml.children.find((verb) => verb.name === 'Gather');
        if (!gather) return [];
        const answer = resolveUrl(gather.attrs.action ?? whisper, whisper);
        return [
          {
            step: 'key-press',
            afterMs: seconds(call.whisperSeconds),
            url: answer,
            params: { ...legParams, Digits: '1', FinishedOnKey: '' },
            next: () => dialComplete(seconds(call.talkSeconds), bridged),
          },
        ];
      },
    });
    return pickUp;
  };

  /** Voicemail when the functions answer with <Record>; else the call is over, and a recorded one gets its status callback. */
  const afterDialComplete = (twiml: TwimlNode, documentUrl: string, recording: string | undefined): CallRequest[] => {
    const recordingSid = `RE${call.callSid.slice(2)}`;
    const recordingUrl = `https://api.twilio.com/2010-04-01/Accounts/${accountSid}/Recordings/${recordingSid}`;
    const record = twiml.children.find((verb) => verb.name === 'Record');
    if (record) {
      const params = {
        ...callParams,
        CallStatus: 'in-progress',
        RecordingSid: recordingSid,
        RecordingUrl: recordingUrl,
        RecordingDuration: String(call.messageSeconds),
        Digits: 'hangup',
      };
      return [
        {
          step: 'voicemail-complete',
          afterMs: seconds(call.messageSeconds),
          url: resolveUrl(record.attrs.action ?? documentUrl, documentUrl),
          params,
          next: () => [],
        },
      ];
    }
    if (!recording) return [];
    // Twilio posts the recording's status once the bridged call has ended and the recording is processed.
    const params = {
      AccountSid: accountSid,
      CallSid: call.callSid,
      RecordingSid: recordingSid,
      RecordingUrl: recordingUrl,
      RecordingStatus: 'completed',
      RecordingDuration: String(call.talkSeconds),
      RecordingChannels: '2',
      RecordingSource: 'DialVerb',
    };
    return [{ step: 'recording-status', afterMs: seconds(DURATIONS.recordingReady[0]), url: recording, params, next: () => [] }];
  };

  return {
    step: 'incoming-call',
    afterMs: 0,
    url: incoming,
    params: { ...callParams, CallStatus: 'ringing' },
    next: (twiml) => follow(twiml, incoming, undefined),
  };
}

/** TwiML from a webhook's answer body; null when it is not TwiML (the driver records that as a failed step). */
export function twimlOrNull(body: string): TwimlNode | null {
  try {
    return parseTwiml(body);
  } catch {
    return null;
  }
}
