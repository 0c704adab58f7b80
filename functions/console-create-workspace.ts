// Twilio Function: console-create-workspace (public: the console's agency page calls it). Thin: the work is in
// src/console/workspaces (agency admins only, checked there).
import { consoleHandler } from '../src/console/handler';
import { createWorkspace } from '../src/console/workspaces';

export const handler = consoleHandler('console-create-workspace', { session: 'any', changes: true }, createWorkspace);
