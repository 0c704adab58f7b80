// Drives one whole inbound call through the functions over HTTP, the way Twilio would: the first webhook,
// then the TwiML it answers, verb by verb (the dial and its legs, each with its own CallSid; the legs that
// pick up, in order, each with its status callback and, on a phone leg with call connect, the whisper and
// the key press or its absence; the recording callback; the dial's action with DialCallSid; the greeting
// and the recording). Every request is signed as Twilio signs it. The outcome is what the functions
// decided: a call bridged to a voicemail counts as answered only if dial-complete ends it.
import { randomBytes } from 'node:crypto';
import { postWebhook, SimulationError } from './webhook-post';
import { PATHS } from '../flows/urls';
import type { AnswerChoice, LegPickup } from './answers';
import { parseTwiml, type TwimlNode } from './twiml';

export type { AnswerChoice, LegPickup } from './answers';
export { SimulationError, WEBHOOK_TIMEOUT_MS, whatToCheck } from './webhook-post';

export interface SimulationOptions {
  baseUrl: string;
  authToken: string;
  /** Where the token came from (AUTH_TOKEN, or the local signing token's file), for the error on a 403. */
  authTokenSource?: string;
  accountSid: string;
  from: string;
  to: string;
  answer: AnswerChoice;
  /** A person answering a phone leg with no `:no-key` presses a key after the whisper (default true). */
  pressKey?: boolean;
  /** ISO-8601; sent as SimulatedAt (the server must allow it). */
  at?: string;
  /** Each line of the transcript as it happens. */
  onLine?: (line: string) => void;
}

export interface SimulatedLeg {
  /** `number:+1555...` or `client:<identity>`. */
  leg: string;
  sendDigits?: string;
  whisper: boolean;
}

export interface SimulationResult {
  callSid: string;
  legs: SimulatedLeg[];
  /** The leg a person answered on, when the functions counted the call answered. */
  answeredBy: string | null;
  outcome: 'answered' | 'missed' | 'rejected';
  voicemail: boolean;
  /** HTTP requests made to the functions for this call. */
  requests: number;
  transcript: string[];
}

export const MAX_STEPS = 50;

const RECORDING_SECONDS = 14;
const TALK_SECONDS = 95;

const sid = (prefix: string) => `${prefix}${randomBytes(16).toString('hex')}`;

export function legLabel(noun: TwimlNode): string {
  return noun.name === 'Client' ? `client:${noun.text}` : `number:${noun.text}`;
}

/** Does LEG (a number, a client identity, or a full label) name this leg? */
export function legMatches(leg: SimulatedLeg, wanted: string): boolean {
  return leg.leg === wanted || leg.leg === `number:${wanted}` || leg.leg === `client:${wanted}`;
}

export async function simulateCall(options: SimulationOptions): Promise<SimulationResult> {
  const callSid = sid('CA');
  const transcript: string[] = [];
  const say = (line: string) => {
    transcript.push(line);
    options.onLine?.(line);
  };
  const result: SimulationResult = { callSid, legs: [], answeredBy: null, outcome: 'missed', voicemail: false, requests: 0, transcript };
  const callParams: Record<string, string> = {
    AccountSid: options.accountSid,
    CallSid: callSid,
    From: options.from,
    To: options.to,
    Caller: options.from,
    Called: options.to,
    Direction: 'inbound',
    ApiVersion: '2010-04-01',
    ...(options.at ? { SimulatedAt: options.at } : {}),
  };

  const post = async (url: string, params: Record<string, string>): Promise<TwimlNode> => {
    result.requests += 1;
    if (result.requests > MAX_STEPS) throw new SimulationError(`more than ${MAX_STEPS} requests for one call: the call flow loops`);
    const body = await postWebhook(url, params, options);
    try {
      return parseTwiml(body);
    } catch (cause) {
      throw new SimulationError(`POST ${url} did not answer with TwiML: ${(cause as Error).message}`, { cause });
    }
  };
  const resolve = (relative: string, current: string) => new URL(relative, current).toString();

  /** Walks a TwiML document on the caller's call; resolves when the call ends. */
  const run = async (document: TwimlNode, documentUrl: string, status: string): Promise<void> => {
    for (const verb of document.children) {
      switch (verb.name) {
        case 'Say':
          say(`caller hears: "${verb.text}"`);
          break;
        case 'Play':
          say(`caller hears the recording ${verb.text}`);
          break;
        case 'Pause':
          break;
        case 'Reject':
          result.outcome = 'rejected';
          say(`call rejected (${verb.attrs.reason ?? 'rejected'}): the caller hears that the number is not in service`);
          return;
        case 'Hangup':
          say('call ends');
          return;
        case 'Record': {
          result.voicemail = true;
          const recordingSid = sid('RE');
          say(`caller leaves a ${RECORDING_SECONDS} s message after the beep (up to ${verb.attrs.maxLength ?? 3600} s)`);
          const next = resolve(verb.attrs.action ?? documentUrl, documentUrl);
          const twiml = await post(next, {
            ...callParams,
            CallStatus: 'in-progress',
            RecordingSid: recordingSid,
            RecordingUrl: `https://api.twilio.com/2010-04-01/Accounts/${options.accountSid}/Recordings/${recordingSid}`,
            RecordingDuration: String(RECORDING_SECONDS),
            Digits: 'hangup',
          });
          return run(twiml, next, status);
        }
        case 'Dial': {
          const action = await dial(verb, documentUrl);
          if (action) return action();
          break;
        }
        case 'Redirect': {
          const next = resolve(verb.text, documentUrl);
          return run(await post(next, { ...callParams, CallStatus: status }), next, status);
        }
        case 'Gather':
          say('the caller is asked for input and presses nothing');
          break;
        default:
          say(`(${verb.name} is not simulated; skipped)`);
      }
    }
    say('call ends (no more TwiML)');
  };

  /** Rings the dial's legs as the options say; returns the step after the dial, if the dial has an action. */
  const dial = async (verb: TwimlNode, documentUrl: string): Promise<(() => Promise<void>) | undefined> => {
    const legs = verb.children
      .filter((noun) => noun.name === 'Number' || noun.name === 'Client')
      .map((noun) => ({
        noun,
        callSid: sid('CA'),
        leg: {
          leg: legLabel(noun),
          ...(noun.attrs.sendDigits ? { sendDigits: noun.attrs.sendDigits } : {}),
          whisper: Boolean(noun.attrs.url),
        },
      }));
    result.legs.push(...legs.map((entry) => entry.leg));
    const timeout = verb.attrs.timeout ?? '30';
    say(
      `ringing ${legs.length} leg${legs.length === 1 ? '' : 's'} at once for up to ${timeout} s, caller ID ${verb.attrs.callerId ?? '(the caller)'}: ${legs.map((entry) => entry.leg.leg + (entry.leg.sendDigits ? ` (then digits ${entry.leg.sendDigits})` : '')).join(', ')}`,
    );

    let dialStatus = 'no-answer';
    let bridgedTo: (typeof legs)[number] | null = null;
    if (options.answer.kind === 'busy') {
      dialStatus = 'busy';
      say('every leg is busy');
    } else if (options.answer.kind === 'none') {
      say(`nobody answers within ${timeout} s`);
    } else {
      const pickedUp = new Set<string>();
      for (const pickup of options.answer.legs) {
        const chosen = legs.find((entry) => legMatches(entry.leg, pickup.leg));
        if (!chosen) {
          say(`${pickup.leg} is not one of the legs rung`);
          continue;
        }
        if (pickedUp.has(chosen.callSid)) continue;
        pickedUp.add(chosen.callSid);
        if (await pickUp(chosen, pickup, verb, documentUrl)) {
          bridgedTo = chosen;
          break;
        }
      }
      if (!bridgedTo) say(`nobody ${pickedUp.size ? 'else ' : ''}answers within ${timeout} s`);
    }
    if (bridgedTo) {
      dialStatus = 'completed';
      const leg = bridgedTo.leg.leg;
      const heard =
        options.answer.kind === 'legs' && options.answer.legs.find((pickup) => legMatches(bridgedTo!.leg, pickup.leg))?.by === 'voicemail';
      say(
        heard
          ? `bridged: the caller is put through to ${leg}'s own voicemail for ${TALK_SECONDS} s`
          : `bridged: the caller talks to ${leg} for ${TALK_SECONDS} s`,
      );
      if (verb.attrs.record && verb.attrs.record !== 'do-not-record' && verb.attrs.recordingStatusCallback) {
        const recordingSid = sid('RE');
        await post(resolve(verb.attrs.recordingStatusCallback, documentUrl), {
          AccountSid: options.accountSid,
          CallSid: callSid,
          RecordingSid: recordingSid,
          RecordingUrl: `https://api.twilio.com/2010-04-01/Accounts/${options.accountSid}/Recordings/${recordingSid}`,
          RecordingStatus: 'completed',
          RecordingDuration: String(TALK_SECONDS),
          RecordingChannels: '2',
          RecordingSource: 'DialVerb',
          ...(options.at ? { SimulatedAt: options.at } : {}),
        });
        say('the conversation was recorded');
      }
    }
    const bridged = bridgedTo !== null;
    result.answeredBy = null;
    result.outcome = 'missed';
    if (!verb.attrs.action) {
      result.outcome = bridged ? 'answered' : 'missed';
      result.answeredBy = bridgedTo?.leg.leg ?? null;
      return undefined;
    }
    const next = resolve(verb.attrs.action, documentUrl);
    return async () => {
      const twiml = await post(next, {
        ...callParams,
        CallStatus: 'in-progress',
        DialCallStatus: dialStatus,
        DialBridged: String(bridged),
        ...(bridgedTo ? { DialCallSid: bridgedTo.callSid, DialCallDuration: String(TALK_SECONDS) } : {}),
      });
      // What the functions decided: a bridged call they end at once was answered; a greeting means missed.
      const answered = bridged && !twiml.children.some((child) => ['Say', 'Play', 'Record'].includes(child.name));
      result.outcome = answered ? 'answered' : 'missed';
      result.answeredBy = answered ? bridgedTo!.leg.leg : null;
      if (bridged && !answered) say(`dial-complete counts it as missed: nobody accepted on ${bridgedTo!.leg.leg}`);
      return run(twiml, next, 'in-progress');
    };
  };

  /**
   * One leg picks up: its status callback (with its own CallSid), then, on a phone leg with call connect, the
   * whisper and the key press or its absence. True when the call bridges to this leg.
   */
  const pickUp = async (
    entry: { noun: TwimlNode; callSid: string; leg: SimulatedLeg },
    pickup: LegPickup,
    verb: TwimlNode,
    documentUrl: string,
  ): Promise<boolean> => {
    const leg = entry.leg.leg;
    const legParams = {
      AccountSid: options.accountSid,
      CallSid: entry.callSid,
      ParentCallSid: callSid,
      From: verb.attrs.callerId ?? options.from,
      To: entry.noun.name === 'Client' ? `client:${entry.noun.text}` : entry.noun.text,
      Direction: 'outbound-dial',
      CallStatus: 'in-progress',
      ApiVersion: '2010-04-01',
      ...(options.at ? { SimulatedAt: options.at } : {}),
    };
    say(pickup.by === 'voicemail' ? `${leg}'s own voicemail answers` : `${leg} answers`);
    if (entry.noun.attrs.statusCallback) {
      await post(resolve(entry.noun.attrs.statusCallback, documentUrl), {
        ...legParams,
        CallbackSource: 'call-progress-events',
        SequenceNumber: '0',
      });
    }
    if (!entry.noun.attrs.url) return true;
    return whisper(
      resolve(entry.noun.attrs.url, documentUrl),
      legParams,
      leg,
      pickup.by === 'person' && options.pressKey !== false,
      pickup.by === 'voicemail',
    );
  };

  /** The whisper on a leg that picked up: true when the call bridges. */
  const whisper = async (
    url: string,
    legParams: Record<string, string>,
    leg: string,
    pressesKey: boolean,
    isVoicemail: boolean,
  ): Promise<boolean> => {
    const twiml = await post(url, legParams);
    for (const verb of twiml.children) {
      if (verb.name === 'Say') say(`${leg} hears: "${verb.text}"`);
      if (verb.name === 'Hangup') {
        say(`${leg} hangs up; the other legs ring on`);
        return false;
      }
      if (verb.name === 'Gather') {
        const prompt = verb.children
          .filter((child) => child.name === 'Say')
          .map((child) => child.text)
          .join(' ');
        say(`${leg} hears the whisper: "${prompt}"`);
        if (!pressesKey) {
          say(`${leg} presses nothing${isVoicemail ? ' (a voicemail greeting is playing)' : ''}`);
          continue; // the verbs after <Gather> run: our whisper hangs this leg up
        }
        say(`${leg} presses 1`);
        const answerUrl = resolve(verb.attrs.action ?? url, url);
        const answer = await post(answerUrl, { ...legParams, Digits: '1', FinishedOnKey: '' });
        if (answer.children.some((child) => child.name === 'Hangup')) {
          say(`${leg} is hung up after pressing a key`);
          return false;
        }
        return true;
      }
    }
    return true;
  };

  say(`${options.from || '(no caller ID)'} calls ${options.to}${options.at ? ` at ${options.at}` : ''} (${callSid})`);
  const first = `${options.baseUrl}${PATHS.incomingCall}`;
  await run(await post(first, { ...callParams, CallStatus: 'ringing' }), first, 'ringing');
  if (result.outcome !== 'rejected' && result.legs.length === 0) result.outcome = 'missed';
  return result;
}
