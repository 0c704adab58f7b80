// Twilio Function: console-settings (public: the console's page calls it). Thin: the work is in src/console.
import { readSettings } from '../src/console/actions';
import { consoleHandler } from '../src/console/handler';

export const handler = consoleHandler('console-settings', { session: 'workspace', role: 'user' }, readSettings);
