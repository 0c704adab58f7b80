// TwiML in the tests: parsed by the simulator's reader, and read back as a routing plan.
import type { TwimlNode } from '../../src/simulator/twiml';

export { DIAL_NOUNS, VOICE_VERBS, parseTwiml, type TwimlNode } from '../../src/simulator/twiml';
export { legLabel } from '../../src/simulator/simulate';

/**
 * Twilio's connection overrides every webhook URL we hand Twilio carries: 2 retries, on a failed connection and on
 * 5xx, a 3 s connect timeout, 15 s in all (Twilio's limits: rc 0-5, ct 100-10000, tt 100-15000).
 */
export const OVERRIDES = '#rc=2&rp=ct,5xx&ct=3000&tt=15000';

/** The verbs of a TwiML answer, in order. */
export const verbsOf = (twiml: TwimlNode): string[] => twiml.children.map((verb) => verb.name);

export interface PlanFromTwiml {
  action: 'dial' | 'voicemail' | 'hangup' | 'reject' | 'gather';
  legs: string[];
  callerId?: string;
  timeout?: number;
}

/** What a TwiML response does with the call, in the shared cases' terms. */
export function planFromTwiml(response: TwimlNode): PlanFromTwiml {
  const verbs = response.children.map((node) => node.name);
  const dial = response.children.find((node) => node.name === 'Dial');
  if (verbs.includes('Reject')) return { action: 'reject', legs: [] };
  if (dial) {
    const legs = dial.children.map((noun) =>
      noun.name === 'Client' ? `client:${noun.text}` : `number:${noun.text}${noun.attrs.sendDigits ? `:${noun.attrs.sendDigits}` : ''}`,
    );
    return {
      action: 'dial',
      legs,
      ...(dial.attrs.callerId ? { callerId: dial.attrs.callerId } : {}),
      ...(dial.attrs.timeout ? { timeout: Number(dial.attrs.timeout) } : {}),
    };
  }
  // A prompt (the menu, the spam challenge): the caller is asked before anything rings.
  if (verbs.includes('Gather')) return { action: 'gather', legs: [] };
  if (verbs.includes('Record')) return { action: 'voicemail', legs: [] };
  if (verbs.includes('Hangup')) return { action: 'hangup', legs: [] };
  throw new Error(`TwiML neither dials, asks, records, hangs up nor rejects: ${verbs.join(', ')}`);
}
