// Twilio Function: the <Gather action> of a prompt (the spam challenge, the phone menu). Thin: the work is in src/flows/gather-complete.
import { gatherComplete } from '../src/flows/gather-complete';
import { webhookHandler } from '../src/runtime/webhook';

export const handler = webhookHandler('gather-complete', gatherComplete);
