// Twilio Function: console-home (public: the console's page calls it). Thin: the work is in src/console/home.
import { consoleHandler } from '../src/console/handler';
import { homeOfWorkspace } from '../src/console/home';

export const handler = consoleHandler('console-home', { session: 'workspace', role: 'user' }, homeOfWorkspace);
