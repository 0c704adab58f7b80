// Twilio Function: console-phone-token (public: the console's page calls it). Thin: the work is in src/console.
import { phoneToken } from '../src/console/actions';
import { consoleHandler } from '../src/console/handler';

export const handler = consoleHandler('console-phone-token', { session: 'workspace', role: 'user' }, phoneToken);
