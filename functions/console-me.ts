// Twilio Function: console-me (public: the console's page calls it). Thin: the work is in src/console.
import { whoAmI } from '../src/console/actions';
import { consoleHandler } from '../src/console/handler';

export const handler = consoleHandler('console-me', { session: 'any' }, whoAmI);
