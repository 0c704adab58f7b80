// Twilio Function: console-do-not-disturb (public: the console's page calls it). Thin: the work is in src/console.
import { setDoNotDisturb } from '../src/console/availability';
import { consoleHandler } from '../src/console/handler';

// Any member of the workspace (their own; an admin anyone's: the action checks), from the console's page only.
export const handler = consoleHandler('console-do-not-disturb', { session: 'workspace', role: 'user', changes: true }, setDoNotDisturb);
