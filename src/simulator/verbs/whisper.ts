// The whisper on a dialled phone leg that picked up (`<Number url>`): its TwiML walked verb by verb on that
// leg, by its own small table (a leg's whisper holds <Say>, <Gather> and <Hangup>). The walk says whether the
// call bridges to the leg: it does unless the leg is hung up.
import type { CallSession } from '../call-session';
import type { StepLog } from '../trace';
import type { TwimlNode } from '../twiml';
import { handlerFor, resolveUrl, type VerbTable } from './verb';

/** What one verb of a whisper runs with. */
export interface WhisperContext {
  readonly session: CallSession;
  readonly documentUrl: string;
  /** The leg's label, e.g. `number:+15550100002`. */
  readonly leg: string;
  /** The parameters Twilio sends on the leg's requests. */
  readonly legParams: Readonly<Record<string, string>>;
  /** Whoever answered presses a key when asked. */
  readonly pressesKey: boolean;
  /** The phone's own voicemail answered (it presses nothing). */
  readonly isVoicemail: boolean;
}

export type WhisperOutcome = { after: 'next' } | { after: 'end'; bridged: boolean };

export type WhisperHandler = (verb: TwimlNode, context: WhisperContext, log: StepLog) => WhisperOutcome | Promise<WhisperOutcome>;

const sayOnLeg: WhisperHandler = (verb, { leg }, log) => {
  log.say(`${leg} hears: "${verb.text}"`);
  return { after: 'next' };
};

const hangupLeg: WhisperHandler = (_verb, { leg }, log) => {
  log.say(`${leg} hangs up; the other legs ring on`);
  return { after: 'end', bridged: false };
};

/** The whisper's prompt; a key press posts to its action, and the leg bridges unless that answer hangs up. */
const gatherOnLeg: WhisperHandler = async (verb, context, log) => {
  const { leg, session } = context;
  const prompt = verb.children
    .filter((child) => child.name === 'Say')
    .map((child) => child.text)
    .join(' ');
  log.say(`${leg} hears the whisper: "${prompt}"`);
  if (!context.pressesKey) {
    log.say(`${leg} presses nothing${context.isVoicemail ? ' (a voicemail greeting is playing)' : ''}`);
    return { after: 'next' }; // the verbs after <Gather> run: our whisper hangs this leg up
  }
  log.say(`${leg} presses 1`);
  const answerUrl = resolveUrl(verb.attrs.action ?? context.documentUrl, context);
  const answer = await session.fetchTwiml(answerUrl, { ...context.legParams, Digits: '1', FinishedOnKey: '' });
  if (answer.children.some((child) => child.name === 'Hangup')) {
    log.say(`${leg} is hung up after pressing a key`);
    return { after: 'end', bridged: false };
  }
  return { after: 'end', bridged: true };
};

/** The verbs a leg's whisper can hold, by name. */
export const WHISPER_VERBS: VerbTable<WhisperHandler> = { Say: sayOnLeg, Gather: gatherOnLeg, Hangup: hangupLeg };

/** Walks a whisper document on its leg: true when the call bridges to the leg. */
export async function walkWhisper(document: TwimlNode, context: WhisperContext): Promise<boolean> {
  const handlers = document.children.map((verb) => handlerFor(WHISPER_VERBS, verb, context.documentUrl, "on a dialled leg's whisper"));
  for (const [index, verb] of document.children.entries()) {
    const log = context.session.trace.step(context.leg, verb.name, context.documentUrl);
    const outcome = await handlers[index]!(verb, context, log);
    if (outcome.after === 'end') return outcome.bridged;
  }
  return true;
}
