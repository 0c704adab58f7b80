// Twilio Function: console-contacts (public: the console's page calls it). Thin: the work is in src/console/contacts.
import { contactsAction } from '../src/console/contacts';
import { consoleHandler } from '../src/console/handler';

// Any member reads; the action lets only the workspace's admins write (confirmed against the workspace as stored now).
// Every request, a read too, must come from the console's page (its request header).
export const handler = consoleHandler('console-contacts', { session: 'workspace', role: 'user', changes: true }, contactsAction);
