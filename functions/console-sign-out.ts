// Twilio Function: console-sign-out (public: the console's page calls it). Thin: the work is in src/console.
import { signOut } from '../src/console/actions';
import { consoleHandler } from '../src/console/handler';

export const handler = consoleHandler('console-sign-out', { session: 'any', changes: true }, signOut);
