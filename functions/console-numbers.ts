// Twilio Function: console-numbers (public: the console's page calls it). Thin: the work is in src/console/numbers.
import { numbersPage } from '../src/console/numbers';
import { consoleHandler } from '../src/console/handler';

export const handler = consoleHandler('console-numbers', { session: 'workspace', role: 'admin' }, numbersPage);
