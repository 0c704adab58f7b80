// <Reject>: the call is refused before it is answered; nothing after it runs.
import type { VerbHandler } from './verb';

export const reject: VerbHandler = (verb, { log }) => {
  log.say(`call rejected (${verb.attrs.reason ?? 'rejected'}): the caller hears that the number is not in service`);
  return { after: 'end', facts: { outcome: 'rejected' } };
};
