// <Play>: the caller hears a recording (a greeting recorded as audio).
import type { VerbHandler } from './verb';

export const play: VerbHandler = (verb, { log }) => {
  log.say(`caller hears the recording ${verb.text}`);
  return { after: 'next' };
};
