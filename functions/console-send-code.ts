// Twilio Function: console-send-code (public: the console's page calls it). Thin: the work is in src/console.
import { sendSignInCode } from '../src/console/actions';
import { consoleHandler } from '../src/console/handler';

export const handler = consoleHandler('console-send-code', { session: 'none' }, sendSignInCode);
