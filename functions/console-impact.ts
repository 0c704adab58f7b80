// Twilio Function: console-impact (public: the console's page calls it). Thin: the work is in src/console/calls.
import { impactOfDraft } from '../src/console/calls';
import { consoleHandler } from '../src/console/handler';

export const handler = consoleHandler('console-impact', { session: 'workspace', role: 'admin' }, impactOfDraft);
