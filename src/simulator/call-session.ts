// What every verb of one simulated call shares, made once per call and passed to each handler: the options,
// the call's SID and the parameters Twilio sends on it, the trace, and the webhook POST that counts the
// requests (a flow that loops is stopped at MAX_STEPS) and reads the answer as TwiML.
import { randomBytes } from 'node:crypto';
import type { SimulationOptions } from './call-types';
import { CallTrace } from './trace';
import { parseTwiml, type TwimlNode } from './twiml';
import { postWebhook, SimulationError } from './webhook-post';

export const MAX_STEPS = 50;

export const newSid = (prefix: string) => `${prefix}${randomBytes(16).toString('hex')}`;

export class CallSession {
  readonly callSid = newSid('CA');
  readonly trace: CallTrace;
  /** The parameters Twilio sends on every request about the caller's call (CallStatus aside). */
  readonly callParams: Readonly<Record<string, string>>;
  private requestsMade = 0;
  private pressesTaken = 0;
  /** The `--answer` pickups already used by a <Dial> (by their place in the list): each picks up once per call. */
  readonly pickupsUsed = new Set<number>();
  /** The labels of every leg any <Dial> rang, for the pickups that named none of them. */
  readonly rungLegs = new Set<string>();

  constructor(readonly options: SimulationOptions) {
    this.trace = new CallTrace(options.onLine);
    this.callParams = {
      AccountSid: options.accountSid,
      CallSid: this.callSid,
      From: options.from,
      To: options.to,
      Caller: options.from,
      Called: options.to,
      Direction: 'inbound',
      ApiVersion: '2010-04-01',
      ...this.simulatedAt(),
    };
  }

  /** The caller's answer to the next prompt: the next of `presses`; once they run out, "" (nothing) or null (hangs up). */
  nextPress(): string | null {
    const press = this.options.presses?.[this.pressesTaken] ?? (this.options.afterPresses === 'hang-up' ? null : '');
    this.pressesTaken += 1;
    return press;
  }

  get requests(): number {
    return this.requestsMade;
  }

  /** `SimulatedAt` when the call happens at a chosen instant; nothing otherwise. */
  simulatedAt(): Record<string, string> {
    return this.options.at ? { SimulatedAt: this.options.at } : {};
  }

  recordingUrl(recordingSid: string): string {
    return `https://api.twilio.com/2010-04-01/Accounts/${this.options.accountSid}/Recordings/${recordingSid}`;
  }

  /** POSTs to the functions as Twilio would and reads the answer as TwiML. */
  async fetchTwiml(url: string, params: Record<string, string>): Promise<TwimlNode> {
    this.requestsMade += 1;
    if (this.requestsMade > MAX_STEPS) throw new SimulationError(`more than ${MAX_STEPS} requests for one call: the call flow loops`);
    const body = await postWebhook(url, params, this.options);
    try {
      return parseTwiml(body);
    } catch (cause) {
      throw new SimulationError(`POST ${url} did not answer with TwiML: ${(cause as Error).message}`, { cause });
    }
  }
}
