// Twilio Function: console-greetings (public: the console's page calls it; admins only). Thin: the work is in src/console/greetings.
import { consoleHandler } from '../src/console/handler';
import { greetingsAction } from '../src/console/greetings';

export const handler = consoleHandler('console-greetings', { session: 'workspace', role: 'admin' }, greetingsAction);
