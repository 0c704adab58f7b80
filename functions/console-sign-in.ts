// Twilio Function: console-sign-in (public: the console's page calls it). Thin: the work is in src/console.
import { signInWithCode } from '../src/console/actions';
import { consoleHandler } from '../src/console/handler';

export const handler = consoleHandler('console-sign-in', { session: 'none' }, signInWithCode);
