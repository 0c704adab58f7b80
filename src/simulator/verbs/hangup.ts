// <Hangup>: the call ends; nothing after it runs.
import type { VerbHandler } from './verb';

export const hangup: VerbHandler = (_verb, { log }) => {
  log.say('call ends');
  return { after: 'end' };
};
