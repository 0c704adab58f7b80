// <Gather> on the caller's call (the spam challenge, the phone menu): the caller hears the prompt inside it and
// answers with the next of the simulation's presses (`--press`), or presses nothing. A key is posted to the action
// as Twilio posts it (Digits, FinishedOnKey), and the action's TwiML runs; with nothing pressed, the action is posted
// without Digits when the Gather has actionOnEmptyResult, and otherwise the verbs after it run (as Twilio does).
import type { TwimlNode } from '../twiml';
import { resolveUrl, type VerbHandler } from './verb';

/** What the caller hears inside the <Gather>: its <Say> texts and <Play> URLs, in order. */
function promptOf(verb: TwimlNode): string {
  return verb.children
    .map((child) => (child.name === 'Play' ? `(the recording ${child.text})` : child.name === 'Say' ? child.text : ''))
    .filter(Boolean)
    .join(' ');
}

export const gather: VerbHandler = async (verb, context) => {
  const { session, log } = context;
  const prompt = promptOf(verb);
  log.say(prompt ? `the caller is asked: "${prompt}"` : 'the caller is asked for input');
  const press = session.nextPress();
  const postsEmpty = verb.attrs.actionOnEmptyResult === 'true';
  if (!press) {
    log.say(`the caller presses nothing${postsEmpty ? '' : '; the verbs after the prompt run'}`);
    if (!postsEmpty) return { after: 'next', facts: { prompt: { prompt, answer: '' } } };
  } else {
    log.say(`the caller presses ${press}`);
  }
  const url = resolveUrl(verb.attrs.action ?? context.documentUrl, context);
  const document = await session.fetchTwiml(url, {
    ...session.callParams,
    CallStatus: 'in-progress',
    ...(press ? { Digits: press, FinishedOnKey: '' } : {}),
  });
  return { after: 'run', document, url, status: 'in-progress', facts: { prompt: { prompt, answer: press } } };
};
