// Twilio Function: console-send-test (public: the console's page calls it). Thin: the work is in src/console.
import { sendTest } from '../src/console/actions';
import { consoleHandler } from '../src/console/handler';

export const handler = consoleHandler('console-send-test', { session: 'workspace', role: 'admin' }, sendTest);
