// <Gather> on the caller's call (the spam challenge, the phone menu): the caller hears the prompt inside it and
// answers with the next of the simulation's presses (`--press`), or presses nothing, or (past the presses, when the
// simulation says so) hangs up. What the caller gave is posted to the action as Twilio posts it: a key as Digits (and
// FinishedOnKey), words as SpeechResult and Confidence when the Gather listens for speech, and nothing at all when
// the caller gave nothing and the Gather has actionOnEmptyResult; without it, the verbs after the Gather run instead.
import type { TwimlNode } from '../twiml';
import { resolveUrl, type VerbHandler } from './verb';

/** A key (one per prompt: the menu and the challenge take one digit). */
const KEY = /^[0-9*#]$/;
/** The Confidence Twilio sends with a SpeechResult; the functions do not weigh it. */
const SPEECH_CONFIDENCE = '0.9';

/** What the caller hears inside the <Gather>: its <Say> texts and <Play> URLs, in order. */
function promptOf(verb: TwimlNode): string {
  return verb.children
    .map((child) => (child.name === 'Play' ? `(the recording ${child.text})` : child.name === 'Say' ? child.text : ''))
    .filter(Boolean)
    .join(' ');
}

/** What Twilio posts for the answer: Digits for a key, SpeechResult for words it listened for, nothing else. */
function answerParams(verb: TwimlNode, press: string): Record<string, string> | null {
  if (KEY.test(press)) return { Digits: press, FinishedOnKey: '' };
  if (press && (verb.attrs.input ?? 'dtmf').split(' ').includes('speech')) return { SpeechResult: press, Confidence: SPEECH_CONFIDENCE };
  return null;
}

export const gather: VerbHandler = async (verb, context) => {
  const { session, log } = context;
  const prompt = promptOf(verb);
  log.say(prompt ? `the caller is asked: "${prompt}"` : 'the caller is asked for input');
  const press = session.nextPress();
  if (press === null) {
    log.say('the caller hangs up without answering');
    return { after: 'end', facts: { prompt: { prompt, answer: null } } };
  }
  const sent = answerParams(verb, press);
  if (sent) log.say(sent.Digits !== undefined ? `the caller presses ${press}` : `the caller says "${press}"`);
  else {
    const postsEmpty = verb.attrs.actionOnEmptyResult === 'true';
    const why = press ? ` (they say "${press}", and this prompt listens for keys only)` : '';
    log.say(`the caller presses nothing${why}${postsEmpty ? '' : '; the verbs after the prompt run'}`);
    if (!postsEmpty) return { after: 'next', facts: { prompt: { prompt, answer: '' } } };
  }
  const url = resolveUrl(verb.attrs.action ?? context.documentUrl, context);
  const document = await session.fetchTwiml(url, { ...session.callParams, CallStatus: 'in-progress', ...sent });
  return { after: 'run', document, url, status: 'in-progress', facts: { prompt: { prompt, answer: sent ? press : '' } } };
};
