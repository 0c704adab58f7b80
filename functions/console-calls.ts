// Twilio Function: console-calls (public: the console's page calls it). Thin: the work is in src/console/calls.
import { listCalls } from '../src/console/calls';
import { consoleHandler } from '../src/console/handler';

export const handler = consoleHandler('console-calls', { session: 'workspace', role: 'user' }, listCalls);
