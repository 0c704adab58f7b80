// Twilio Function: console-login (public: the console's page calls it). Thin: the work is in src/console.
import { signInWithLocalLink } from '../src/console/actions';
import { consoleHandler } from '../src/console/handler';

export const handler = consoleHandler('console-login', { session: 'none' }, signInWithLocalLink);
