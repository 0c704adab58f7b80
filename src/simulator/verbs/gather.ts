// <Gather> on the caller's call: the simulated caller presses nothing, so the verbs after it run (as Twilio
// does when a gather times out without actionOnEmptyResult).
import type { VerbHandler } from './verb';

export const gather: VerbHandler = (_verb, { log }) => {
  log.say('the caller is asked for input and presses nothing');
  return { after: 'next' };
};
