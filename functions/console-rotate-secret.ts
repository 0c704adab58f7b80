// Twilio Function: console-rotate-secret (public: the console's page calls it). Thin: the work is in src/console.
import { rotateWebhookSecret } from '../src/console/actions';
import { consoleHandler } from '../src/console/handler';

export const handler = consoleHandler('console-rotate-secret', { session: 'workspace', role: 'admin' }, rotateWebhookSecret);
