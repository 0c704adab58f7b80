// Twilio Function: console-save (public: the console's page calls it). Thin: the work is in src/console.
import { saveSettings } from '../src/console/actions';
import { consoleHandler } from '../src/console/handler';

export const handler = consoleHandler('console-save', { session: 'workspace', role: 'admin' }, saveSettings);
