// <Say>: the caller hears the text.
import type { VerbHandler } from './verb';

export const say: VerbHandler = (verb, { log }) => {
  log.say(`caller hears: "${verb.text}"`);
  return { after: 'next' };
};
