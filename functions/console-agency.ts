// Twilio Function: console-agency (public: the console's page calls it). Thin: the work is in src/console/home.
import { consoleHandler } from '../src/console/handler';
import { agencyHome } from '../src/console/home';

export const handler = consoleHandler('console-agency', { session: 'any' }, agencyHome);
