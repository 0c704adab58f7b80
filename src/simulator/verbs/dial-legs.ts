// The legs of a <Dial>: each <Number> or <Client> noun with a CallSid of its own, its label and, when a
// person or a voicemail picks it up, what Twilio sends: the leg's status callback, then, on a phone leg with
// call connect (a `url`), the whisper (./whisper.ts).
import type { LegPickup } from '../answers';
import type { SimulatedLeg } from '../call-types';
import { newSid } from '../call-session';
import type { TwimlNode } from '../twiml';
import { resolveUrl, type VerbContext } from './verb';
import { walkWhisper } from './whisper';

export interface RungLeg {
  noun: TwimlNode;
  callSid: string;
  leg: SimulatedLeg;
}

export function legLabel(noun: TwimlNode): string {
  return noun.name === 'Client' ? `client:${noun.text}` : `number:${noun.text}`;
}

/** Does LEG (a number, a client identity, or a full label) name this leg? */
export function legMatches(leg: SimulatedLeg, wanted: string): boolean {
  return leg.leg === wanted || leg.leg === `number:${wanted}` || leg.leg === `client:${wanted}`;
}

/** The legs a <Dial> rings, each with its own CallSid. */
export function legsOf(dial: TwimlNode): RungLeg[] {
  return dial.children
    .filter((noun) => noun.name === 'Number' || noun.name === 'Client')
    .map((noun) => ({
      noun,
      callSid: newSid('CA'),
      leg: {
        leg: legLabel(noun),
        ...(noun.attrs.sendDigits ? { sendDigits: noun.attrs.sendDigits } : {}),
        whisper: Boolean(noun.attrs.url),
      },
    }));
}

/**
 * One leg picks up: its status callback (with its own CallSid), then, on a phone leg with call connect, the
 * whisper and the key press or its absence. True when the call bridges to this leg.
 */
export async function pickUp(entry: RungLeg, pickup: LegPickup, dial: TwimlNode, context: VerbContext): Promise<boolean> {
  const { session, log } = context;
  const leg = entry.leg.leg;
  const legParams = {
    AccountSid: session.options.accountSid,
    CallSid: entry.callSid,
    ParentCallSid: session.callSid,
    From: dial.attrs.callerId ?? session.options.from,
    To: entry.noun.name === 'Client' ? `client:${entry.noun.text}` : entry.noun.text,
    Direction: 'outbound-dial',
    CallStatus: 'in-progress',
    ApiVersion: '2010-04-01',
    ...session.simulatedAt(),
  };
  log.say(pickup.by === 'voicemail' ? `${leg}'s own voicemail answers` : `${leg} answers`);
  if (entry.noun.attrs.statusCallback) {
    await session.fetchTwiml(resolveUrl(entry.noun.attrs.statusCallback, context), {
      ...legParams,
      CallbackSource: 'call-progress-events',
      SequenceNumber: '0',
    });
  }
  if (!entry.noun.attrs.url) return true;
  const url = resolveUrl(entry.noun.attrs.url, context);
  return walkWhisper(await session.fetchTwiml(url, legParams), {
    session,
    documentUrl: url,
    leg,
    legParams,
    pressesKey: pickup.by === 'person' && session.options.pressKey !== false,
    isVoicemail: pickup.by === 'voicemail',
  });
}
